package org.distillguard.nightly;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A progress line fed from Spark's own events: tasks finished and records read so far in the running stage, at most
 * every few seconds, so a long night shows it is moving.
 */
public final class TaskProgressListener extends SparkListener {

    private static final long INTERVAL_NANOS = 5_000_000_000L;
    private final PrintStream out;
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private volatile String label = "";
    private volatile long lastPrint = System.nanoTime();

    public TaskProgressListener(PrintStream out) {
        this.out = out;
    }

    /** Names what is running, e.g. {@code 2026-11-24 features}. */
    public void label(String value) {
        label = value;
        tasks.set(0);
        records.set(0);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        // counted per task below
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        tasks.incrementAndGet();
        if (event.taskMetrics() != null) {
            records.addAndGet(event.taskMetrics().inputMetrics().recordsRead()
                    + event.taskMetrics().shuffleReadMetrics().recordsRead());
        }
        long now = System.nanoTime();
        if (now - lastPrint > INTERVAL_NANOS) {
            lastPrint = now;
            out.printf(Locale.ROOT, "  … %s: %,d tasks done, %,d records read%n", label, tasks.get(), records.get());
        }
    }
}
