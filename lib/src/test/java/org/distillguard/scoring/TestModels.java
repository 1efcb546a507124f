package org.distillguard.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distillguard.config.ScoringConfig;

/** A small labelled data set where the log-probability share drives the label, and a model trained on it. */
final class TestModels {

    static final List<String> FEATURES = List.of("requests", "logprobs_share", "noise");

    private TestModels() {}

    static double[][] rows(int n, long seed, int[] labels, List<String> groups) {
        Random random = new Random(seed);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            boolean distilling = i % 10 == 0;
            labels[i] = distilling ? 1 : 0;
            double requests = 20 + random.nextInt(200);
            double logprobs = distilling ? 0.6 + 0.4 * random.nextDouble() : 0.2 * random.nextDouble();
            rows[i] = new double[] {requests, logprobs, random.nextGaussian()};
            groups.add("account:" + i);
        }
        return rows;
    }

    static TrainedModel trained() {
        int n = 600;
        int[] labels = new int[n];
        List<String> groups = new ArrayList<>();
        double[][] rows = rows(n, 5, labels, groups);
        List<String> kinds = new ArrayList<>();
        for (int label : labels) {
            kinds.add(label == 1 ? "logprob-harvester" : "chat-app");
        }
        return ModelTrainer.fit(FEATURES, rows, labels, groups, kinds, groups, ScoringConfig.defaults(),
                new GradientBoostParameters(30, 4, 8, 5, 0.2, 0.8, 3, 1L));
    }
}
