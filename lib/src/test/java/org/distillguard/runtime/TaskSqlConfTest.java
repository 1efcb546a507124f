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

    /**
     * For each of many small tasks: [same conf on two calls at the task's start, same after pinning, the value of a
     * SQL setting set as a local property of the job].
     */
    private List<List<Object>> probe(String zone) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        context.setLocalProperty("spark.sql.session.timeZone", zone);
        try {
            return context.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8).map(ignored -> {
                boolean sameAtStart = SQLConf.get() == SQLConf.get();
                TaskSqlConf.pin();
                boolean sameAfter = SQLConf.get() == SQLConf.get();
                return List.<Object>of(sameAtStart, sameAfter, SQLConf.get().sessionLocalTimeZone());
            }).collect();
        } finally {
            context.setLocalProperty("spark.sql.session.timeZone", null);
        }
    }

    @Test
    void givenThePlugin_thenEachTaskReadsOneConfigurationBuiltForItAndTheNextTaskOnTheThreadDoesNotInheritIt() {
        assertThat(TaskSqlConf.supported()).as("the thread-local is found on this Spark version").isTrue();
        assertThat(SparkSessions.defaults("test", org.distillguard.config.SparkConfig.defaults(), "local[*]"))
                .as("the sessions the commands start register the plugin")
                .containsEntry("spark.plugins", TaskSqlConfPlugin.class.getName());

        List<List<Object>> first = probe("Asia/Tokyo");
        List<List<Object>> second = probe("America/Lima");

        // The plugin pinned the configuration when each task started; pinning again keeps it.
        assertThat(first).allSatisfy(task -> assertThat(task).containsExactly(true, true, "Asia/Tokyo"));
        // The next job's tasks reuse the same executor threads and see their own job's setting, not a stale pin.
        assertThat(second).allSatisfy(task -> assertThat(task).containsExactly(true, true, "America/Lima"));
    }

    @Test
    void givenATaskWithNothingPinned_thenEachCallBuildsAFreshConfigurationUntilPinned() {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<List<Boolean>> tasks = context.parallelize(List.of(1, 2, 3, 4), 4).map(ignored -> {
            // Undo the plugin's pin for this task, to see what Spark does without it.
            TaskSqlConf.clear();
            boolean sameBefore = SQLConf.get() == SQLConf.get();
            TaskSqlConf.pin();
            return List.of(sameBefore, SQLConf.get() == SQLConf.get());
        }).collect();

        assertThat(tasks).allSatisfy(task -> assertThat(task).containsExactly(false, true));
    }

    @Test
    void givenNoRunningTask_thenPinningDoesNothing() {
        TaskSqlConf.pin();
        assertThat(SQLConf.get()).isSameAs(SQLConf.get());
        assertThat(SQLConf.get()).isNotInstanceOf(org.apache.spark.sql.internal.ReadOnlySQLConf.class);
    }
}
