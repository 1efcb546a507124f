package org.distillguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.distillguard.config.SparkConfig;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

    private static final String HUGE_METHOD_LIMIT = "spark.sql.codegen.hugeMethodLimit";

    @Test
    void givenNoOperatorSetting_thenGeneratedMethodsStayWithinWhatHotSpotCompiles() {
        assertThat(SparkSessions.effectiveSettings("test", SparkConfig.defaults()))
                .containsEntry(HUGE_METHOD_LIMIT, "8000");
    }

    @Test
    void givenNoOperatorSetting_thenPartitionedWritesKeepFilesOpenAndTimestampsAreMicroseconds() {
        assertThat(SparkSessions.effectiveSettings("test", SparkConfig.defaults()))
                .containsEntry("spark.sql.maxConcurrentOutputFileWriters", "8")
                .containsEntry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    }

    @Test
    void givenTheOperatorsOwnLimit_thenItWins() {
        System.setProperty(HUGE_METHOD_LIMIT, "20000"); // as spark-submit --conf passes it to the driver
        try {
            assertThat(SparkSessions.effectiveSettings("test", SparkConfig.defaults()))
                    .containsEntry(HUGE_METHOD_LIMIT, "20000");
        } finally {
            System.clearProperty(HUGE_METHOD_LIMIT);
        }
    }
}
