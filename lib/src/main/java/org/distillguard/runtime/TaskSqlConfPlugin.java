package org.distillguard.runtime;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Pins each task's SQL configuration when the task starts ({@link TaskSqlConf#pin()}), so that every stage gets the
 * saving, not only those that run a function of this project: the coordination stage's array functions and joins,
 * the window merges, the scoring. Registered as {@code spark.plugins} by {@link SparkSessions} unless the
 * {@code spark-submit} command sets that key itself (then add this class to its list to keep the saving); it is the
 * one place that pins, so no per-row code needs to.
 */
public final class TaskSqlConfPlugin implements SparkPlugin {

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void onTaskStart() {
                TaskSqlConf.pin();
            }
        };
    }
}
