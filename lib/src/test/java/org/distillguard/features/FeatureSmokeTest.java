package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.config.FeatureConfig;
import org.junit.jupiter.api.Test;

class FeatureSmokeTest {
    @Test
    void runs() {
        Events events = Events.create();
        events.add("a", "2026-11-24T10:00:00Z", "Classify the sentiment: \"great\" 42");
        events.add("a", "2026-11-24T10:00:30Z", "Classify the sentiment: \"bad\" 7");
        events.add("b", "2026-11-24T11:00:00Z", "Think step by step. 一步一步");
        Dataset<Row> features = DailyFeatures.compute(events.dataset(), FeatureConfig.defaults());
        features.show(false);
        assertThat(features.count()).isEqualTo(2);
    }
}
