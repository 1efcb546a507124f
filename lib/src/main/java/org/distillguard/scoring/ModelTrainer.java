package org.distillguard.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.ScoringConfig;
import org.distillguard.eval.BinaryMetrics;

/**
 * Trains the supervised model: joins the feature table with labels, cross-validates with folds grouped by cluster
 * (else account), fits the isotonic calibration and the per-cohort thresholds on the out-of-fold predictions, and
 * fits the final model on every labelled row. Labelled rows are bounded by the labels (analyst verdicts or
 * simulator truth) and are collected to the driver; more than {@link #MAX_TRAINING_ROWS} is refused.
 */
public final class ModelTrainer {

    public static final int MAX_TRAINING_ROWS = 2_000_000;
    private static final Set<String> DISTILL = Set.of("distill", "1", "true", "positive", "attack");
    private static final Set<String> BENIGN = Set.of("benign", "0", "false", "negative");

    private ModelTrainer() {}

    public static TrainedModel train(SparkSession spark, TrainRequest request, ScoringConfig config,
            GradientBoostParameters parameters) {
        Dataset<Row> table = spark.read().parquet(request.features());
        FeatureTable.requireColumns(table.schema(), "features " + request.features(), ScoreColumns.ACCOUNT_ID, ScoreColumns.DATE);
        List<String> features = FeatureTable.numericFeatures(table.schema());
        if (features.isEmpty()) {
            throw new IllegalArgumentException("Cannot train: the feature table " + request.features() + " has no numeric feature column");
        }
        Dataset<Row> labels = spark.read().option("header", "true").csv(request.labels());
        FeatureTable.requireColumns(labels.schema(), "labels " + request.labels(), ScoreColumns.ACCOUNT_ID, ScoreColumns.LABEL);
        List<String> labelColumns = new ArrayList<>(List.of(ScoreColumns.ACCOUNT_ID, ScoreColumns.LABEL));
        boolean hasKind = Arrays.asList(labels.columns()).contains(ScoreColumns.KIND);
        boolean hasCluster = Arrays.asList(labels.columns()).contains(ScoreColumns.CLUSTER_ID);
        Dataset<Row> truth = labels.select(col(ScoreColumns.ACCOUNT_ID).as("label_account"),
                lower(trim(col(ScoreColumns.LABEL))).as("label_value"),
                (hasKind ? col(ScoreColumns.KIND) : org.apache.spark.sql.functions.lit("")).as("label_kind"),
                (hasCluster ? col(ScoreColumns.CLUSTER_ID) : org.apache.spark.sql.functions.lit(null).cast("string")).as("label_cluster"));
        Dataset<Row> joined = FeatureTable.normalized(table, features, List.of())
                .join(truth, col(ScoreColumns.ACCOUNT_ID).equalTo(col("label_account")), "inner");
        long rows = joined.count();
        if (rows == 0) {
            throw new IllegalArgumentException("Cannot train: no account in " + request.labels() + " has rows in "
                    + request.features());
        }
        if (rows > MAX_TRAINING_ROWS) {
            throw new IllegalArgumentException("Cannot train: " + rows + " labelled rows (limit " + MAX_TRAINING_ROWS
                    + "); train on fewer dates or sample the labels");
        }
        List<Row> collected = joined.orderBy(ScoreColumns.ACCOUNT_ID, ScoreColumns.DATE).collectAsList();
        int n = collected.size();
        double[][] x = new double[n][];
        int[] y = new int[n];
        List<String> groups = new ArrayList<>(n);
        List<String> kinds = new ArrayList<>(n);
        List<String> accounts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Row row = collected.get(i);
            x[i] = FeatureTable.values(row, features);
            String value = row.getAs("label_value");
            if (DISTILL.contains(value)) {
                y[i] = 1;
            } else if (BENIGN.contains(value)) {
                y[i] = 0;
            } else {
                throw new IllegalArgumentException("Invalid label for account " + row.getAs(ScoreColumns.ACCOUNT_ID) + ": '"
                        + value + "' (expected distill or benign, 1 or 0)");
            }
            String account = row.getAs(ScoreColumns.ACCOUNT_ID);
            String cluster = row.getAs("label_cluster");
            accounts.add(account);
            groups.add(cluster == null || cluster.isBlank() ? "account:" + account : "cluster:" + cluster);
            String kind = row.getAs("label_kind");
            kinds.add(kind == null || kind.isBlank() ? (y[i] == 1 ? "distill" : "benign") : kind);
        }
        return fit(features, x, y, groups, kinds, accounts, config, parameters);
    }

    /**
     * The pure-Java part of training, on rows already in memory.
     *
     * @param features the columns of {@code x}; the model reads those not in {@code scoring.model-excluded-features}
     */
    public static TrainedModel fit(List<String> features, double[][] rows, int[] y, List<String> groups, List<String> kinds,
            List<String> accounts, ScoringConfig config, GradientBoostParameters parameters) {
        int n = rows.length;
        List<String> modelFeatures = features.stream().filter(name -> !config.modelExcludedFeatures().contains(name)).toList();
        if (modelFeatures.isEmpty()) {
            throw new IllegalArgumentException("Cannot train: scoring.model-excluded-features leaves no feature of " + features);
        }
        int[] kept = modelFeatures.stream().mapToInt(features::indexOf).toArray();
        double[][] x = Arrays.stream(rows).map(row -> Arrays.stream(kept).mapToDouble(j -> row[j]).toArray())
                .toArray(double[][]::new);
        int[] fold = GroupedFolds.assign(groups, y, parameters.folds(), parameters.seed());
        double[] outOfFold = new double[n];
        for (int k = 0; k < parameters.folds(); k++) {
            List<Integer> trainRows = new ArrayList<>();
            List<Integer> testRows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (fold[i] == k ? testRows : trainRows).add(i);
            }
            if (testRows.isEmpty()) {
                continue;
            }
            GradientBoostScorer model = GradientBoostScorer.fit(modelFeatures,
                    trainRows.stream().map(i -> x[i]).toArray(double[][]::new),
                    trainRows.stream().mapToInt(i -> y[i]).toArray(), parameters);
            for (int i : testRows) {
                outOfFold[i] = model.score(x[i]);
            }
        }
        IsotonicCalibration calibration = IsotonicCalibration.fit(outOfFold, y);
        double[] calibrated = Arrays.stream(outOfFold).map(calibration::apply).toArray();
        int volumeIndex = features.indexOf(config.volumeFeature());
        int ageIndex = features.indexOf(config.ageFeature());
        double[] volume = new double[n];
        double[] age = new double[n];
        for (int i = 0; i < n; i++) {
            volume[i] = volumeIndex >= 0 ? rows[i][volumeIndex] : Double.NaN;
            age[i] = ageIndex >= 0 ? rows[i][ageIndex] : Double.NaN;
        }
        CohortThresholds thresholds = CohortThresholds.fit(calibrated, y, volume, age, config);
        GradientBoostScorer finalModel = GradientBoostScorer.fit(modelFeatures, x, y, parameters);

        Map<String, Object> metrics = new LinkedHashMap<>();
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            positive[i] = y[i] == 1;
        }
        metrics.put("cross_validation", "out-of-fold, " + parameters.folds() + " folds grouped by cluster (else account), rows are account-days");
        metrics.put("roc_auc", BinaryMetrics.rocAuc(outOfFold, positive));
        metrics.put("pr_auc", BinaryMetrics.prAuc(outOfFold, positive));
        for (double rate : List.of(0.001, 0.005, 0.01)) {
            metrics.put("recall_at_fpr_" + rate, BinaryMetrics.recallAtFalsePositiveRate(outOfFold, positive, rate));
        }
        Map<String, Object> perKind = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String cohort = thresholds.cohort(volume[i], age[i]);
            boolean flagged = thresholds.tier(calibrated[i], cohort) == Tier.REVIEW;
            int[] c = counts.computeIfAbsent(kinds.get(i), key -> new int[2]);
            c[0]++;
            c[1] += flagged ? 1 : 0;
        }
        counts.forEach((kind, c) -> perKind.put(kind, Map.of("rows", c[0], "review_share", (double) c[1] / c[0])));
        metrics.put("review_share_by_kind", perKind);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rows", n);
        summary.put("accounts", new HashSet<>(accounts).size());
        summary.put("distilling_rows", Arrays.stream(y).sum());
        summary.put("groups", new HashSet<>(groups).size());
        Map<String, Integer> kindRows = new TreeMap<>();
        kinds.forEach(kind -> kindRows.merge(kind, 1, Integer::sum));
        summary.put("rows_by_kind", kindRows);
        summary.put("features", modelFeatures.size());
        summary.put("excluded_features", features.stream().filter(name -> !modelFeatures.contains(name)).toList());
        return new TrainedModel("unsaved", finalModel, calibration, thresholds, parameters, summary, metrics);
    }
}
