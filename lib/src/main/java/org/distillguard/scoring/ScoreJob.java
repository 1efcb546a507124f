package org.distillguard.scoring;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.ScoringConfig;
import org.distillguard.publish.CsvExport;
import org.distillguard.publish.Directories;

/**
 * Scores one day of a feature table: fits the isolation forest on a bounded sample of the population, then scores
 * every account inside Spark tasks with the rules, the forest and the supervised model (when given) broadcast, and
 * writes {@code scores/date=…/} (Parquet), {@code scores.csv} and {@code score-manifest.json}.
 */
public final class ScoreJob {

    public static final String SCORES_DIR = "scores";
    public static final String CSV_FILE = "scores.csv";
    public static final String MANIFEST_FILE = "score-manifest.json";
    public static final String NO_MODEL = "none";

    public static final StructType OUTPUT_SCHEMA = new StructType()
            .add(ScoreColumns.ACCOUNT_ID, DataTypes.StringType, false)
            .add(ScoreColumns.DATE, DataTypes.StringType, false)
            .add(ScoreColumns.RISK_SCORE, DataTypes.DoubleType, false)
            .add(ScoreColumns.TIER, DataTypes.StringType, false)
            .add(ScoreColumns.CLUSTER_ID, DataTypes.StringType, true)
            .add(ScoreColumns.REASONS, DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add(ScoreColumns.RULE_SCORE, DataTypes.DoubleType, false)
            .add(ScoreColumns.ANOMALY_SCORE, DataTypes.DoubleType, false)
            .add(ScoreColumns.MODEL_SCORE, DataTypes.DoubleType, true)
            .add(ScoreColumns.EXPLANATION, DataTypes.StringType, true)
            .add(ScoreColumns.COHORT, DataTypes.StringType, false);

    private ScoreJob() {}

    /** The day's rows of the feature table, with the clusters joined when given. */
    public static Dataset<Row> readDay(SparkSession spark, ScoreRequest request) {
        Dataset<Row> table = spark.read().parquet(request.features());
        FeatureTable.requireColumns(table.schema(), "features " + request.features(), ScoreColumns.ACCOUNT_ID, ScoreColumns.DATE);
        Dataset<Row> day = table.where(col(ScoreColumns.DATE).cast("string").equalTo(lit(request.date().toString())));
        if (request.clusters().isPresent()) {
            Dataset<Row> clusters = spark.read().parquet(request.clusters().get());
            FeatureTable.requireColumns(clusters.schema(), "clusters " + request.clusters().get(), ScoreColumns.ACCOUNT_ID,
                    ScoreColumns.CLUSTER_ID);
            if (Arrays.asList(clusters.columns()).contains(ScoreColumns.DATE)) {
                clusters = clusters.where(col(ScoreColumns.DATE).cast("string").equalTo(lit(request.date().toString())));
            }
            List<org.apache.spark.sql.Column> columns = new ArrayList<>();
            columns.add(col(ScoreColumns.ACCOUNT_ID).cast("string").as("cluster_account"));
            columns.add(col(ScoreColumns.CLUSTER_ID).cast("string").as(ScoreColumns.CLUSTER_ID));
            for (String optional : List.of(ScoreColumns.CLUSTER_SIZE, ScoreColumns.CLUSTER_SCORE)) {
                columns.add(Arrays.asList(clusters.columns()).contains(optional)
                        ? col(optional).cast("double").as(optional) : lit(null).cast("double").as(optional));
            }
            Dataset<Row> members = clusters.select(columns.toArray(org.apache.spark.sql.Column[]::new))
                    .dropDuplicates("cluster_account");
            for (String column : List.of(ScoreColumns.CLUSTER_ID, ScoreColumns.CLUSTER_SIZE, ScoreColumns.CLUSTER_SCORE)) {
                if (Arrays.asList(day.columns()).contains(column)) {
                    day = day.drop(column);
                }
            }
            day = day.join(members, col(ScoreColumns.ACCOUNT_ID).cast("string").equalTo(col("cluster_account")), "left")
                    .drop("cluster_account");
        }
        // Coordination features: an account in no cluster has size and score 0 (a value, not a missing one).
        for (String column : CLUSTER_FEATURES) {
            day = Arrays.asList(day.columns()).contains(column)
                    ? day.withColumn(column, org.apache.spark.sql.functions.coalesce(col(column).cast("double"), lit(0.0)))
                    : day.withColumn(column, lit(0.0));
        }
        return day;
    }

    /** The coordination stage's per-account numbers, scored as features (0 outside clusters). */
    public static final List<String> CLUSTER_FEATURES = List.of(ScoreColumns.CLUSTER_SIZE, ScoreColumns.CLUSTER_SCORE);

    /** Whether scoring {@code request} sees clusters: given with {@code --clusters}, or already in the feature table. */
    static boolean hasClusters(SparkSession spark, ScoreRequest request) {
        return request.clusters().isPresent()
                || Arrays.asList(spark.read().parquet(request.features()).columns()).containsAll(CLUSTER_FEATURES);
    }

    /**
     * Scores one day.
     *
     * @param modelFor resolves the supervised model once the table's features are known (empty: none)
     */
    public static ScoreResult run(SparkSession spark, ScoringConfig config, ScoreRequest request, RuleSet rules,
            Function<List<String>, Optional<TrainedModel>> modelFor, List<String> warnings) {
        Dataset<Row> day = readDay(spark, request);
        List<String> features = FeatureTable.numericFeatures(day.schema());
        if (features.isEmpty()) {
            throw new IllegalArgumentException("Cannot score: the feature table " + request.features() + " has no numeric feature column");
        }
        Optional<TrainedModel> model = modelFor.apply(features);
        boolean hasCluster = Arrays.asList(day.columns()).contains(ScoreColumns.CLUSTER_ID);
        List<String> keep = hasCluster ? List.of(ScoreColumns.CLUSTER_ID) : List.of();
        RuleSet.Bound bound = rules.bind(features);
        List<String> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(bound.warnings());
        if (!hasClusters(spark, request)) {
            allWarnings.add("no clusters (--clusters): every account is scored as in no cluster, so cluster rules cannot"
                    + " fire and models see no coordination");
        }

        Dataset<Row> normalized = FeatureTable.normalized(day, features, keep).cache();
        try {
            long rows = normalized.count();
            if (rows == 0) {
                throw new IllegalArgumentException("Cannot score: no feature rows for date " + request.date() + " in "
                        + request.features());
            }
            // The one collect: a bounded sample of the population to fit the isolation forest and the distribution.
            int limit = config.fitSampleRows();
            double fraction = Math.min(1.0, 1.2 * limit / rows);
            // Chosen by a hash of the account and ordered by it, so a re-run of the day fits the very same forest
            // whatever order Spark lists the input files in.
            Dataset<Row> sampleRows = fraction >= 1.0 ? normalized : normalized.where(
                    org.apache.spark.sql.functions.pmod(org.apache.spark.sql.functions.xxhash64(
                            org.apache.spark.sql.functions.col(ScoreColumns.ACCOUNT_ID)), org.apache.spark.sql.functions.lit(1_000_000L))
                            .lt(org.apache.spark.sql.functions.lit((long) (fraction * 1_000_000))));
            List<org.apache.spark.sql.Column> sampleColumns = new ArrayList<>();
            sampleColumns.add(org.apache.spark.sql.functions.col(ScoreColumns.ACCOUNT_ID));
            features.forEach(name -> sampleColumns.add(org.apache.spark.sql.functions.col(name)));
            List<Row> sample = sampleRows.orderBy(ScoreColumns.ACCOUNT_ID)
                    .select(sampleColumns.toArray(org.apache.spark.sql.Column[]::new)).limit(limit).collectAsList();
            double[][] fitRows = sample.stream().map(row -> FeatureTable.values(row, features)).toArray(double[][]::new);
            if (fitRows.length == 1) {
                // One account is no population: the forest sees it twice and rates it ordinary.
                allWarnings.add("only one account on " + request.date() + ": the isolation forest has no population to compare with");
                fitRows = new double[][] {fitRows[0], fitRows[0].clone()};
            }
            IsolationForestParameters forestParameters = new IsolationForestParameters(
                    IsolationForestParameters.TREES_DEFAULT, IsolationForestParameters.SAMPLES_PER_TREE_DEFAULT,
                    limit, IsolationForestParameters.SEED_DEFAULT);
            IsolationForestScorer forest = IsolationForestScorer.fit(features, fitRows, forestParameters);
            FeatureDistribution distribution = FeatureDistribution.fit(features, fitRows);

            // Without a supervised model, tiers are population shares of the unsupervised risk, taken on the sample.
            // The forest's score of each sampled row comes from its fit: the sample is not scored a second time.
            double[] forestScores = forest.fitRowScores();
            double[] sampleRisk = new double[fitRows.length];
            Map<String, Integer> position = new HashMap<>();
            for (int j = 0; j < features.size(); j++) {
                position.put(features.get(j), j);
            }
            for (int i = 0; i < fitRows.length; i++) {
                double[] values = fitRows[i];
                double ruleScore = RuleSet.Bound.score(bound.evaluate(name -> {
                    Integer j = position.get(name);
                    return j == null ? Double.NaN : values[j];
                }));
                sampleRisk[i] = AccountScorer.unsupervisedRisk(ruleScore, forestScores[i], config.anomalyWeight());
            }
            Arrays.sort(sampleRisk);
            double review = Math.nextUp(RobustScaler.quantile(sampleRisk, 1 - config.unsupervisedReviewShare()));
            double watch = Math.nextUp(RobustScaler.quantile(sampleRisk, 1 - config.unsupervisedWatchShare()));
            CohortThresholds thresholds = model.map(TrainedModel::thresholds).orElse(new CohortThresholds(
                    config.volumeFeature(), config.volumeBands(), config.ageFeature(), config.ageBands(),
                    new CohortThresholds.Threshold(review, Math.min(watch, review), fitRows.length), Map.of()));

            AccountScorer scorer = new AccountScorer(features, bound, forest, model, distribution, thresholds,
                    new AccountScorer.Tiering(review, Math.min(watch, review), config.reviewMinRisk(), config.anomalyWeight()),
                    config.explanationFeatures());
            Broadcast<AccountScorer> broadcast = spark.sparkContext().broadcast(scorer,
                    scala.reflect.ClassTag$.MODULE$.apply(AccountScorer.class));
            // The sampled accounts' forest percentiles, from the fit: the executors do not run the forest on them again
            // (every account, when the day has no more than fit-sample-rows of them). At most fit-sample-rows entries.
            HashMap<String, Double> fitted = new HashMap<>(sample.size() * 2);
            for (int i = 0; i < sample.size(); i++) {
                fitted.put(sample.get(i).getString(0), forestScores[i]);
            }
            Broadcast<HashMap<String, Double>> fittedScores = spark.sparkContext().broadcast(fitted,
                    scala.reflect.ClassTag$.MODULE$.apply(HashMap.class));
            Dataset<Row> scores = normalized.mapPartitions(scorePartition(broadcast, fittedScores, features, hasCluster),
                    Encoders.row(OUTPUT_SCHEMA));
            write(scores, request);
            Map<String, Long> tiers = new LinkedHashMap<>();
            for (Tier tier : Tier.values()) {
                tiers.put(tier.text(), 0L);
            }
            spark.read().parquet(partition(request).toString()).groupBy(ScoreColumns.TIER).count().collectAsList()
                    .forEach(row -> tiers.put(row.getString(0), row.getLong(1)));
            ScoreResult result = new ScoreResult(model.map(TrainedModel::id).orElse(NO_MODEL), rows, tiers, allWarnings, features);
            writeManifest(spark, request, result);
            Directories.restrictToOwner(spark.sparkContext().hadoopConfiguration(), request.out());
            return result;
        } finally {
            normalized.unpersist();
        }
    }

    private static MapPartitionsFunction<Row, Row> scorePartition(Broadcast<AccountScorer> broadcast,
            Broadcast<HashMap<String, Double>> fittedScores, List<String> features, boolean hasCluster) {
        return rows -> {
            AccountScorer scorer = broadcast.value();
            Map<String, Double> fitted = fittedScores.value();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row row = rows.next();
                    double[] values = FeatureTable.values(row, features);
                    AccountScorer.Result result = scorer.score(values, fitted.get(row.<String>getAs(ScoreColumns.ACCOUNT_ID)));
                    String cluster = hasCluster ? row.getAs(ScoreColumns.CLUSTER_ID) : null;
                    return RowFactory.create(row.getAs(ScoreColumns.ACCOUNT_ID), row.getAs(ScoreColumns.DATE),
                            result.risk(), result.tier().text(), cluster,
                            scala.jdk.javaapi.CollectionConverters.asScala(result.reasons()).toSeq(),
                            result.ruleScore(), result.anomalyScore(), result.modelScore(), result.explanation(),
                            result.cohort());
                }
            };
        };
    }

    static Path partition(ScoreRequest request) {
        return new Path(new Path(request.out(), SCORES_DIR), ScoreColumns.DATE + "=" + request.date());
    }

    private static void write(Dataset<Row> scores, ScoreRequest request) {
        Path partition = partition(request);
        scores.drop(ScoreColumns.DATE).write().mode("overwrite").parquet(partition.toString());
        Dataset<Row> written = scores.sparkSession().read().parquet(partition.toString())
                .withColumn(ScoreColumns.DATE, lit(request.date().toString()));
        Dataset<Row> csv = written.select(col(ScoreColumns.ACCOUNT_ID), col(ScoreColumns.DATE), col(ScoreColumns.RISK_SCORE),
                        col(ScoreColumns.TIER), col(ScoreColumns.CLUSTER_ID),
                        array_join(col(ScoreColumns.REASONS), ";").as(ScoreColumns.REASONS), col(ScoreColumns.RULE_SCORE),
                        col(ScoreColumns.ANOMALY_SCORE), col(ScoreColumns.MODEL_SCORE), col(ScoreColumns.EXPLANATION),
                        col(ScoreColumns.COHORT))
                .orderBy(col(ScoreColumns.RISK_SCORE).desc(), col(ScoreColumns.ACCOUNT_ID));
        CsvExport.writeSingleFile(csv, new Path(request.out(), CSV_FILE).toString());
    }

    private static void writeManifest(SparkSession spark, ScoreRequest request, ScoreResult result) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("date", request.date().toString());
        manifest.put("features", request.features());
        manifest.put("clusters", request.clusters().orElse(null));
        manifest.put("model", result.model());
        manifest.put("accounts", result.accounts());
        manifest.put("tiers", result.tiers());
        manifest.put("feature_columns", result.features());
        manifest.put("warnings", result.warnings());
        try {
            Directories.writeFile(spark.sparkContext().hadoopConfiguration(), new Path(request.out(), MANIFEST_FILE),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + MANIFEST_FILE + ": " + e.getMessage(), e);
        }
    }
}
