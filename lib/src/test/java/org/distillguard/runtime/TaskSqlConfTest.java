package org.distillguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class TaskSqlConfTest {

    private final SparkSession spark = SparkTestSession.get();

    /** For each of many small tasks: [same conf on two calls before pinning, same after, session time zone seen]. */
    private List<List<Object>> probe(boolean pin) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return context.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8).map(ignored -> {
            boolean sameBefore = SQLConf.get() == SQLConf.get();
            if (pin) {
                TaskSqlConf.pin();
            }
            boolean sameAfter = SQLConf.get() == SQLConf.get();
            return List.<Object>of(sameBefore, sameAfter, SQLConf.get().sessionLocalTimeZone());
        }).collect();
    }

    @Test
    void givenAPinnedTask_thenItReadsOneConfigurationWithTheSessionsSettingsAndTheNextTaskOnTheThreadStartsClean() {
        assertThat(TaskSqlConf.supported()).as("the thread-local is found on this Spark version").isTrue();

        List<List<Object>> pinned = probe(true);
        List<List<Object>> after = probe(false);

        // Before pinning, each call builds a fresh configuration; after, the task sees one, with the session's values.
        assertThat(pinned).allSatisfy(task -> assertThat(task).containsExactly(false, true, "UTC"));
        // The tasks of the next job reuse the same executor threads: nothing pinned is left over.
        assertThat(after).allSatisfy(task -> assertThat(task).containsExactly(false, false, "UTC"));
    }

    @Test
    void givenNoRunningTask_thenPinningDoesNothing() {
        TaskSqlConf.pin();
        assertThat(SQLConf.get()).isSameAs(SQLConf.get());
        assertThat(SQLConf.get()).isNotInstanceOf(org.apache.spark.sql.internal.ReadOnlySQLConf.class);
    }
}
