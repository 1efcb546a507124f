package org.distillguard.runtime;

import java.lang.reflect.Method;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.internal.ReadOnlySQLConf;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Keeps one read-only SQL configuration for the rest of the running Spark task.
 *
 * <p>On an executor, Spark 4.2's {@code SQLConf.get} builds a new {@link ReadOnlySQLConf} from the task's local
 * properties on every call unless the thread holds one already, and the interpreted paths of the aggregation call it
 * for every aggregation buffer field they create and every array element they read (the types-framework check). In the
 * feature pass that was about a tenth of all CPU. {@link #pin()} sets the thread's configuration, as Spark's own
 * {@code SQLConf.withExistingConf} does for a block, to one built from the same properties, which do not change during
 * a task; a task-completion listener removes it, so a reused executor thread starts its next task clean.
 *
 * <p>The thread-local is private to Spark, so it is found by reflection once. If it cannot be found (another Spark
 * version), {@link #pin()} does nothing and every result is the same, only slower.
 */
public final class TaskSqlConf {

    private static final ThreadLocal<SQLConf> EXISTING = lookUp();

    private TaskSqlConf() {}

    @SuppressWarnings("unchecked")
    private static ThreadLocal<SQLConf> lookUp() {
        try {
            Method accessor = org.apache.spark.sql.internal.SQLConf$.class.getDeclaredMethod("existingConf");
            accessor.setAccessible(true);
            Object value = accessor.invoke(org.apache.spark.sql.internal.SQLConf$.MODULE$);
            return value instanceof ThreadLocal<?> local ? (ThreadLocal<SQLConf>) local : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether this Spark version lets the configuration be pinned. */
    public static boolean supported() {
        return EXISTING != null;
    }

    /**
     * Pins the running task's SQL configuration on this thread until the task completes. Does nothing outside a task,
     * when one is already set, or when unsupported. {@link TaskSqlConfPlugin} calls it on the task's thread as each
     * task starts.
     */
    public static void pin() {
        TaskContext task = TaskContext.get();
        if (EXISTING == null || task == null || EXISTING.get() != null) {
            return;
        }
        EXISTING.set(new ReadOnlySQLConf(task));
        task.addTaskCompletionListener((TaskCompletionListener) context -> EXISTING.remove());
    }

    /** Removes this thread's pinned configuration, if any (for tests that look at Spark's behaviour without it). */
    static void clear() {
        if (EXISTING != null) {
            EXISTING.remove();
        }
    }
}
