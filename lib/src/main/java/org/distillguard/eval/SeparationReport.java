package org.distillguard.eval;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.features.FeatureCatalog;
import org.distillguard.ingest.EventSchema;

/**
 * How well each feature separates each attack kind from each benign kind on labelled (simulated) data: ROC-AUC from
 * the Mann-Whitney U statistic (Commons Math), reported as max(auc, 1 - auc) with the direction that separates.
 * Works on the account-day feature table (one row per account and day), which is bounded by accounts.
 */
public final class SeparationReport {

    public static final String KIND = "kind";

    /** The benign kind each attack kind most resembles (issue 4); other attack kinds are compared with all benign kinds. */
    public static final Map<String, String> CLOSEST_BENIGN = Map.of(
            "bulk-distiller", "batch-classifier",
            "logprob-harvester", "evaluation-harness",
            "reasoning-harvester", "research-lab",
            "hydra-member", "hobby-user");

    /** One feature's separation of one attack kind from one benign kind. */
    public record Entry(String feature, String attack, String benign, double auc, boolean higherInAttack, int attackRows,
            int benignRows) {}

    private SeparationReport() {}

    /**
     * @param features account-day features ({@code account_id} and catalog columns)
     * @param truth {@code account_id}, {@code label} ({@code distill}/{@code benign}) and {@code kind}
     */
    public static List<Entry> compute(Dataset<Row> features, Dataset<Row> truth) {
        EventSchema.requireColumns(truth.schema(), "the separation report", EventSchema.ACCOUNT_ID, "label", KIND);
        EventSchema.requireColumns(features.schema(), "the separation report", EventSchema.ACCOUNT_ID);
        List<String> names = new ArrayList<>(FeatureCatalog.names());
        names.retainAll(List.of(features.columns()));
        List<Row> rows = features.join(truth.select(col(EventSchema.ACCOUNT_ID), col("label"), col(KIND)), EventSchema.ACCOUNT_ID)
                .collectAsList();
        Map<String, List<Row>> byKind = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Row row : rows) {
            String kind = row.getAs(KIND);
            byKind.computeIfAbsent(kind, key -> new ArrayList<>()).add(row);
            labels.put(kind, row.getAs("label"));
        }
        MannWhitneyUTest test = new MannWhitneyUTest();
        List<Entry> entries = new ArrayList<>();
        for (String attack : byKind.keySet()) {
            if (!"distill".equals(labels.get(attack))) {
                continue;
            }
            for (String benign : byKind.keySet()) {
                if (!"benign".equals(labels.get(benign))) {
                    continue;
                }
                for (String name : names) {
                    double[] x = values(byKind.get(attack), name);
                    double[] y = values(byKind.get(benign), name);
                    if (x.length == 0 || y.length == 0) {
                        continue;
                    }
                    double auc = test.mannWhitneyU(x, y) / ((double) x.length * y.length);
                    entries.add(new Entry(name, attack, benign, Math.max(auc, 1 - auc), auc >= 0.5, x.length, y.length));
                }
            }
        }
        return entries;
    }

    /** Per attack kind against its closest benign kind: features with AUC ≥ 0.9 and the five best. */
    public static String markdown(List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        out.append("| attack kind | closest benign kind | account-days (attack / benign) | features with AUC ≥ 0.9 | best five (AUC, direction) |\n");
        out.append("|---|---|---|---:|---|\n");
        List<String> attacks = entries.stream().map(Entry::attack).distinct().sorted().toList();
        for (String attack : attacks) {
            List<String> benigns = CLOSEST_BENIGN.containsKey(attack) ? List.of(CLOSEST_BENIGN.get(attack))
                    : entries.stream().filter(e -> e.attack().equals(attack)).map(Entry::benign).distinct().sorted().toList();
            for (String benign : benigns) {
                List<Entry> pair = entries.stream().filter(e -> e.attack().equals(attack) && e.benign().equals(benign))
                        .sorted(Comparator.comparingDouble(Entry::auc).reversed()).toList();
                if (pair.isEmpty()) {
                    continue;
                }
                long strong = pair.stream().filter(e -> e.auc() >= 0.9).count();
                StringBuilder best = new StringBuilder();
                for (Entry entry : pair.subList(0, Math.min(5, pair.size()))) {
                    if (best.length() > 0) {
                        best.append(", ");
                    }
                    best.append('`').append(entry.feature()).append("` ").append(String.format(Locale.ROOT, "%.2f", entry.auc()))
                            .append(entry.higherInAttack() ? " ↑" : " ↓");
                }
                out.append("| ").append(attack).append(" | ").append(benign).append(" | ").append(pair.get(0).attackRows())
                        .append(" / ").append(pair.get(0).benignRows()).append(" | ").append(strong).append(" | ")
                        .append(best).append(" |\n");
            }
        }
        return out.toString();
    }

    private static double[] values(List<Row> rows, String name) {
        List<Double> values = new ArrayList<>();
        for (Row row : rows) {
            Object value = row.getAs(name);
            if (value instanceof Number number && !Double.isNaN(number.doubleValue())) {
                values.add(number.doubleValue());
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
