package org.distillguard.coordination;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.distillguard.config.CoordinationConfig;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.features.FeatureJob;
import org.distillguard.ingest.EventSchema;
import org.distillguard.publish.CsvExport;
import org.distillguard.publish.DayTables;
import org.distillguard.publish.Directories;

/**
 * The coordination stage for one date: reads the feature engine's outputs of that date, links accounts, finds the
 * connected components, scores them and writes
 *
 * <pre>
 * OUT/clusters/date=D/         one row per member of a cluster of two or more accounts (account_id, cluster_id,
 *                              cluster_size, cluster_score, cluster_flagged, cluster_reasons, cluster features, ...)
 * OUT/cluster_summary/date=D/  one row per cluster: bounded member list, features, score, reasons, edge evidence,
 *                              shared skeletons / networks / user agents / cards, hourly timeline of members
 * OUT/clusters-D.csv           the member table as one CSV file
 * </pre>
 *
 * The {@code date} column comes from the folder name, as in the feature engine's tables. Accounts in no cluster are
 * absent from {@code clusters/}. Re-running a date replaces that date's folders and touches no other.
 */
public final class CoordinationJob {

    public static final String CLUSTERS_DIR = "clusters";
    public static final String SUMMARY_DIR = "cluster_summary";

    /** What a run found. */
    public record Result(LocalDate date, long accounts, long edges, long clusters, long members, long flaggedClusters,
            long flaggedMembers, int rounds, boolean converged, int splits, double highestThreshold, long oversizedKept) {
        public Result {
            Objects.requireNonNull(date, "date is null");
        }
    }

    private CoordinationJob() {}

    /**
     * @param eventsDir the ingested events (optional, may be null: every signal used today is in the feature outputs)
     * @param featuresDir the feature engine's output folder (with {@code account_day_evidence/}, {@code features/} and
     *     {@code feature_state/} for {@code date})
     */
    public static Result run(SparkSession spark, DistillGuardConfig config, String eventsDir, String featuresDir,
            LocalDate date, String outDir) {
        Objects.requireNonNull(featuresDir, "featuresDir is null");
        Objects.requireNonNull(date, "date is null");
        Objects.requireNonNull(outDir, "outDir is null");
        if (eventsDir != null && !Directories.isDirectory(spark.sparkContext().hadoopConfiguration(), new Path(eventsDir))) {
            throw new IllegalArgumentException("Cannot run coordination: events folder " + eventsDir + " does not exist");
        }
        Dataset<Row> evidence = readDay(spark, featuresDir, FeatureJob.EVIDENCE_DIR, date);
        Dataset<Row> features = readDay(spark, featuresDir, FeatureJob.FEATURES_DIR, date);
        Dataset<Row> state = readDay(spark, featuresDir, FeatureJob.STATE_DIR, date);
        // Materialised without its plan (local checkpoint): every later query then starts from a small leaf, so
        // Spark's planning and plan descriptions stay cheap however many times the table is read.
        Dataset<Row> accounts = AccountTable.assemble(evidence, features, state).localCheckpoint(true);
        Outcome outcome = compute(accounts, date, config.coordination());
        DayTables.write(outcome.output().members(), outDir, CLUSTERS_DIR, date);
        DayTables.write(outcome.output().summary(), outDir, SUMMARY_DIR, date);
        Dataset<Row> written = readDay(spark, outDir, CLUSTERS_DIR, date);
        CsvExport.writeSingleFile(csvRows(written), new Path(outDir, CLUSTERS_DIR + "-" + date + ".csv").toString());
        Dataset<Row> summary = readDay(spark, outDir, SUMMARY_DIR, date);
        Row counts = summary.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col(CoordinationColumns.CLUSTER_FLAGGED), 1L).otherwise(0L)),
                org.apache.spark.sql.functions.sum(col(CoordinationColumns.CLUSTER_SIZE)),
                org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col(CoordinationColumns.CLUSTER_FLAGGED),
                        col(CoordinationColumns.CLUSTER_SIZE)).otherwise(0L))).first();
        long edges = outcome.edges().count();
        Directories.restrictToOwner(spark.sparkContext().hadoopConfiguration(), outDir);
        return new Result(date, accounts.count(), edges, counts.getLong(0), counts.isNullAt(2) ? 0 : counts.getLong(2),
                counts.isNullAt(1) ? 0 : counts.getLong(1), counts.isNullAt(3) ? 0 : counts.getLong(3),
                outcome.components().rounds(), outcome.components().converged(), outcome.components().splits(),
                outcome.components().highestThreshold(), outcome.components().oversizedKept());
    }

    /**
     * Linking, components (oversized ones split, see {@link ComponentSplitter}) and scoring of an account table, without
     * I/O. The edges are materialised by a local checkpoint (their blocks go when the dataset is no longer referenced).
     */
    public static Outcome compute(Dataset<Row> accounts, LocalDate date, CoordinationConfig config) {
        Dataset<Row> linked = Linking.edges(accounts, config).localCheckpoint(true);
        ComponentSplitter.Result components = ComponentSplitter.split(linked, ConnectedComponents.compute(linked,
                config.maxIterations(), config.checkpointInterval(), config.driverComponentsMaxEdges()), config);
        Dataset<Row> edges = components.edges();
        ClusterScoring.Output output = ClusterScoring.score(accounts, components.labels(), edges, date.toString(), config);
        return new Outcome(edges, components, output);
    }

    /** The pieces of one computation: the edges inside the final components, the components and their scores. */
    public record Outcome(Dataset<Row> edges, ComponentSplitter.Result components, ClusterScoring.Output output) {
        public Outcome {
            Objects.requireNonNull(edges, "edges is null");
            Objects.requireNonNull(components, "components is null");
            Objects.requireNonNull(output, "output is null");
        }
    }

    /** One date of a table written by the feature engine or by this job, with {@code date} from the folder name. */
    public static Dataset<Row> readDay(SparkSession spark, String root, String table, LocalDate date) {
        Path folder = DayTables.path(root, table, date);
        if (!Directories.isDirectory(spark.sparkContext().hadoopConfiguration(), folder)) {
            throw new IllegalArgumentException("Cannot run coordination: " + folder + " does not exist (run the feature"
                    + " stage for " + date + " first, with the same output folder)");
        }
        return spark.read().parquet(folder.toString());
    }

    /**
     * The member table as the CSV lists it: highest-scoring clusters first, then by cluster id and account id, so the
     * same clusters give the same file (the Parquet files' row order depends on the tasks).
     */
    static Dataset<Row> csvRows(Dataset<Row> members) {
        return flattened(members).orderBy(col(CoordinationColumns.CLUSTER_SCORE).desc_nulls_last(),
                col(CoordinationColumns.CLUSTER_ID), col(CoordinationColumns.ACCOUNT_ID));
    }

    /** Array columns joined with "; " so the table fits a CSV file. */
    static Dataset<Row> flattened(Dataset<Row> table) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : table.schema().fields()) {
            if (field.dataType() instanceof ArrayType) {
                columns.add(array_join(col(field.name()).cast("array<string>"), "; ").as(field.name()));
            } else {
                columns.add(col(field.name()));
            }
        }
        return table.select(columns.toArray(Column[]::new));
    }
}
