package org.distillguard.coordination;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;
import org.distillguard.ingest.EventSchema;

/**
 * Connected components of an undirected edge list by iterative minimum-label propagation on DataFrames: every vertex
 * starts with its own id as label, each round takes the least label among itself and its neighbours and then jumps to
 * its label's label (pointer jumping, which shortens long chains), until no label changes or the round limit is
 * reached. Each round reads the previous labels three times, so the query plan would grow geometrically: every round
 * starts again from a plan-free copy of the cached labels, and the RDD lineage beneath is cut with a local checkpoint
 * every {@code checkpointInterval} rounds. Only vertices with at least one edge appear in the result.
 *
 * <p>A small edge list (at most {@code driverMaxEdges} edges, the usual case: edges are the few strong links among
 * the day's accounts) is collected and joined on the driver in one union-find pass instead, which gives the same
 * labels (the least member id by Spark's string order) without a Spark job per round; its result reports 0 rounds.
 */
public final class ConnectedComponents {

    /**
     * What a run did: the labels ({@code account_id}, {@code label}), rounds run (0: found on the driver in one pass)
     * and whether labels stopped changing.
     */
    public record Result(Dataset<Row> labels, int rounds, boolean converged) {
        public Result {
            java.util.Objects.requireNonNull(labels, "labels is null");
            if (rounds < 0) {
                throw new IllegalArgumentException("Invalid rounds: " + rounds + " (expected 0 or more)");
            }
        }
    }

    private static final String NEIGHBOUR = "neighbour";
    private static final String CANDIDATE = "candidate";
    private static final String PARENT_LABEL = "parent_label";
    private static final String PREVIOUS = "previous";

    private ConnectedComponents() {}

    /**
     * Components on the driver when {@code edges} has at most {@code driverMaxEdges} rows (0: never), by label
     * propagation otherwise. {@code edges} should be materialised: it is counted first.
     */
    public static Result compute(Dataset<Row> edges, int maxIterations, int checkpointInterval, long driverMaxEdges) {
        validate(edges, maxIterations, checkpointInterval);
        if (driverMaxEdges > 0 && edges.count() <= driverMaxEdges) {
            return onDriver(edges);
        }
        return compute(edges, maxIterations, checkpointInterval);
    }

    private static void validate(Dataset<Row> edges, int maxIterations, int checkpointInterval) {
        EventSchema.requireColumns(edges.schema(), "connected components", CoordinationColumns.SOURCE,
                CoordinationColumns.DESTINATION);
        if (maxIterations < 1 || checkpointInterval < 1) {
            throw new IllegalArgumentException("Cannot compute connected components: maxIterations " + maxIterations
                    + " and checkpointInterval " + checkpointInterval + " must be at least 1");
        }
    }

    /** Union-find over the collected edges; each component's label is its least member id in Spark's string order. */
    static Result onDriver(Dataset<Row> edges) {
        Map<String, Integer> index = new HashMap<>();
        List<String> ids = new ArrayList<>();
        int[] parent = new int[0];
        // Streamed one partition at a time, so the driver never holds every collected row at once.
        java.util.Iterator<Row> rows = edges.select(CoordinationColumns.SOURCE, CoordinationColumns.DESTINATION)
                .toLocalIterator();
        while (rows.hasNext()) {
            Row edge = rows.next();
            String source = edge.getString(0);
            String destination = edge.getString(1);
            if (source == null || destination == null || source.equals(destination)) {
                continue; // as in propagation: self-loops and null ends link nothing
            }
            int a = index.computeIfAbsent(source, id -> { ids.add(id); return ids.size() - 1; });
            int b = index.computeIfAbsent(destination, id -> { ids.add(id); return ids.size() - 1; });
            if (ids.size() > parent.length) {
                int old = parent.length;
                parent = Arrays.copyOf(parent, Math.max(16, Math.max(ids.size(), old * 2)));
                for (int i = old; i < parent.length; i++) {
                    parent[i] = i;
                }
            }
            int rootA = find(parent, a);
            int rootB = find(parent, b);
            if (rootA != rootB) {
                parent[rootB] = rootA;
            }
        }
        int vertices = ids.size();
        UTF8String[] least = new UTF8String[vertices];
        for (int v = 0; v < vertices; v++) {
            int root = find(parent, v);
            UTF8String id = UTF8String.fromString(ids.get(v));
            if (least[root] == null || id.compareTo(least[root]) < 0) {
                least[root] = id;
            }
        }
        List<Row> labels = new ArrayList<>(vertices);
        for (int v = 0; v < vertices; v++) {
            labels.add(RowFactory.create(ids.get(v), least[find(parent, v)].toString()));
        }
        StructType schema = new StructType()
                .add(CoordinationColumns.ACCOUNT_ID, DataTypes.StringType, true)
                .add(CoordinationColumns.LABEL, DataTypes.StringType, true);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(edges.sparkSession().sparkContext());
        int slices = Math.max(1, Math.min(context.defaultParallelism(), 1 + vertices / 10_000));
        Dataset<Row> result = edges.sparkSession().createDataFrame(context.parallelize(labels, slices), schema)
                .localCheckpoint(true);
        return new Result(result, 0, true);
    }

    private static int find(int[] parent, int vertex) {
        int root = vertex;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[vertex] != root) { // path compression
            int next = parent[vertex];
            parent[vertex] = root;
            vertex = next;
        }
        return root;
    }

    public static Result compute(Dataset<Row> edges, int maxIterations, int checkpointInterval) {
        validate(edges, maxIterations, checkpointInterval);
        String id = CoordinationColumns.ACCOUNT_ID;
        String label = CoordinationColumns.LABEL;
        Dataset<Row> links = edges.select(col(CoordinationColumns.SOURCE).as(id), col(CoordinationColumns.DESTINATION).as(NEIGHBOUR))
                .union(edges.select(col(CoordinationColumns.DESTINATION).as(id), col(CoordinationColumns.SOURCE).as(NEIGHBOUR)))
                .where(col(id).notEqual(col(NEIGHBOUR)))
                .distinct()
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> labels = links.select(col(id), col(id).as(label)).distinct().localCheckpoint(true);
        List<Dataset<Row>> cached = new ArrayList<>();
        int round = 0;
        boolean converged = false;
        try {
            while (round < maxIterations && !converged) {
                round++;
                Dataset<Row> candidates = links.join(labels.withColumnRenamed(id, NEIGHBOUR).withColumnRenamed(label, CANDIDATE), NEIGHBOUR)
                        .groupBy(col(id)).agg(min(col(CANDIDATE)).as(CANDIDATE));
                Dataset<Row> propagated = labels.join(candidates, id)
                        .select(col(id), least(col(label), col(CANDIDATE)).as(label));
                Dataset<Row> parents = propagated.select(col(id).as(PARENT_LABEL + "_id"), col(label).as(PARENT_LABEL));
                Dataset<Row> jumped = propagated.join(parents, col(label).equalTo(col(PARENT_LABEL + "_id")), "left")
                        .select(col(id), least(col(label), coalesce(col(PARENT_LABEL), col(label))).as(label));
                Dataset<Row> next;
                if (round % checkpointInterval == 0) {
                    next = jumped.localCheckpoint(true);
                } else {
                    Dataset<Row> persisted = jumped.persist(StorageLevel.MEMORY_AND_DISK());
                    cached.add(persisted);
                    next = edges.sparkSession().createDataFrame(persisted.javaRDD(), persisted.schema());
                }
                long changed = next.join(labels.withColumnRenamed(label, PREVIOUS), id)
                        .where(col(label).notEqual(col(PREVIOUS))).count();
                labels = next;
                converged = changed == 0;
            }
            // The caller reads the labels several times: give it a materialised, plan-free table.
            Dataset<Row> result = labels.localCheckpoint(true);
            cached.forEach(Dataset::unpersist);
            return new Result(result, round, converged);
        } finally {
            links.unpersist();
        }
    }
}
