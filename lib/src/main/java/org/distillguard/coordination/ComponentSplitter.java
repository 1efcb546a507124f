package org.distillguard.coordination;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.config.CoordinationConfig;
import org.distillguard.ingest.EventSchema;

/**
 * Splits oversized connected components. Chance links between ordinary accounts (two hobby users who asked the same
 * popular question from the same big network) can chain most linked accounts into one component that hides any real
 * campaign inside it (3,000 accounts at an edge threshold of 1.0 did, docs/coordination.md). A component with more members
 * than {@code maxClusterAccounts} is therefore linked again from its own edges at a higher threshold (raised by
 * {@code splitStep} at a time), which keeps the strong links of a campaign and drops the weak chance links between
 * campaigns and bystanders. Components of allowed size are never touched, and a component still oversized at
 * {@code splitMaxThreshold} is kept whole: at that strength of evidence it is a very large campaign, not chance.
 */
public final class ComponentSplitter {

    /**
     * The components after splitting.
     *
     * @param labels {@code account_id, label} of every account still in a component of two or more
     * @param edges the edges still inside components (the dropped weak edges of split components are gone)
     * @param splits how many times the threshold was raised
     * @param highestThreshold the highest edge threshold used (the configured one when nothing was split)
     * @param oversizedKept components still above the size limit at the highest threshold
     * @param rounds label-propagation rounds, summed over the first computation and every split
     * @param converged whether every label propagation converged
     */
    public record Result(Dataset<Row> labels, Dataset<Row> edges, int splits, double highestThreshold, long oversizedKept,
            int rounds, boolean converged) {
        public Result {
            Objects.requireNonNull(labels, "labels is null");
            Objects.requireNonNull(edges, "edges is null");
        }
    }

    private static final String SIZE = "component_size";

    private ComponentSplitter() {}

    /**
     * @param edges scored edges (at least {@code src}, {@code dst} and {@code edge_score}), all at or above the
     *     configured edge threshold
     * @param components the connected components of {@code edges}
     */
    public static Result split(Dataset<Row> edges, ConnectedComponents.Result components, CoordinationConfig config) {
        EventSchema.requireColumns(edges.schema(), "component splitting", CoordinationColumns.SOURCE,
                CoordinationColumns.DESTINATION, CoordinationColumns.EDGE_SCORE);
        Dataset<Row> labels = components.labels();
        Dataset<Row> kept = edges;
        double threshold = config.edgeThreshold();
        int splits = 0;
        int rounds = components.rounds();
        boolean converged = components.converged();
        while (true) {
            Dataset<Row> oversized = labels.groupBy(col(CoordinationColumns.LABEL)).agg(count(lit(1)).as(SIZE))
                    .where(col(SIZE).gt(config.maxClusterAccounts()))
                    .select(CoordinationColumns.LABEL)
                    .localCheckpoint(true);
            long count = oversized.count();
            double next = threshold + config.splitStep();
            if (count == 0 || next > config.splitMaxThreshold() + 1e-9) {
                return new Result(labels, kept, splits, threshold, count, rounds, converged);
            }
            threshold = next;
            splits++;
            Dataset<Row> members = labels.join(oversized, CoordinationColumns.LABEL)
                    .select(col(CoordinationColumns.ACCOUNT_ID).as(CoordinationColumns.SOURCE));
            // Both ends of an edge are in the same component, so the source decides which side an edge is on.
            Dataset<Row> inside = kept.join(members, CoordinationColumns.SOURCE, "left_semi")
                    .where(col(CoordinationColumns.EDGE_SCORE).geq(threshold));
            Dataset<Row> outside = kept.join(members, CoordinationColumns.SOURCE, "left_anti");
            Dataset<Row> strong = inside.localCheckpoint(true);
            ConnectedComponents.Result pieces = ConnectedComponents.compute(strong, config.maxIterations(),
                    config.checkpointInterval(), config.driverComponentsMaxEdges());
            rounds += pieces.rounds();
            converged &= pieces.converged();
            labels = labels.join(members.withColumnRenamed(CoordinationColumns.SOURCE, CoordinationColumns.ACCOUNT_ID),
                            CoordinationColumns.ACCOUNT_ID, "left_anti")
                    .unionByName(pieces.labels())
                    .localCheckpoint(true);
            kept = outside.unionByName(strong).localCheckpoint(true);
        }
    }
}
