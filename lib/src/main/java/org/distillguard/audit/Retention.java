package org.distillguard.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.RetentionConfig;
import org.distillguard.features.WeekStates;

/**
 * Deletes what the warehouse should no longer keep: {@code date=YYYY-MM-DD} folders under {@code events/},
 * {@code quarantine/}, {@code reports/} and {@code review/} older than the configured days, and the same areas inside
 * the nightly job's {@code published/date=…/} folders (redacted events, quarantine and review material; the
 * features, daily states, scores and manifest of a date stay, so history and rolling windows survive). A published
 * date's 7-day feature state goes once it is more than four weeks old: only the last three weeks' are ever merged
 * (see {@code WeekStates}), and a window that misses one merges that week's daily states instead. First {@link #plan} lists
 * them (a dry run prints the plan), then {@link #apply} deletes exactly what the plan lists. Folders not named by
 * date (such as {@code quarantine/date=all}) are left alone.
 */
public final class Retention {

    public static final String EVENTS = "events";
    public static final String QUARANTINE = "quarantine";
    public static final String REPORTS = "reports";
    public static final String REVIEW = "review";
    /** The 7-day feature states of published dates. */
    public static final String WEEK_STATES = "week_states";
    /** Days of 7-day feature states kept: the 28-day window of any of the last seven dates can still use them. */
    public static final int WEEK_STATES_DAYS = WeekStates.DAYS * WeekStates.WEEKS;
    /** Where each area lives inside a nightly {@code published/date=…/} folder. */
    private static final Map<String, String> NIGHTLY_AREAS = new java.util.TreeMap<>(Map.of(
            EVENTS, "ingest/events", QUARANTINE, "ingest/quarantine", REVIEW, "review",
            WEEK_STATES, "features/" + WeekStates.DIR));
    /** Areas that exist only inside published dates. */
    private static final java.util.Set<String> NIGHTLY_ONLY = java.util.Set.of(WEEK_STATES);
    private static final Pattern DATE_FOLDER = Pattern.compile("date=(\\d{4}-\\d{2}-\\d{2})");

    private Retention() {}

    /**
     * One folder past its retention.
     *
     * @param area {@code events}, {@code quarantine}, {@code reports} or {@code review}
     * @param date the folder's date
     * @param path the folder (a Hadoop path URI)
     */
    public record Expired(String area, LocalDate date, String path) {
        public Expired {
            requireNonNull(area, "area is null");
            requireNonNull(date, "date is null");
            requireNonNull(path, "path is null");
        }
    }

    /**
     * What {@link #apply} would delete.
     *
     * @param warehouse the warehouse folder
     * @param today the date the limits count back from
     * @param cutoffs per area, the oldest date kept
     * @param expired folders to delete, by area then date
     */
    public record Plan(String warehouse, LocalDate today, Map<String, LocalDate> cutoffs, List<Expired> expired) {
        public Plan {
            requireNonNull(warehouse, "warehouse is null");
            requireNonNull(today, "today is null");
            cutoffs = Map.copyOf(requireNonNull(cutoffs, "cutoffs is null"));
            expired = List.copyOf(requireNonNull(expired, "expired is null"));
        }
    }

    /**
     * The plan for {@code warehouse} (a local path or a Hadoop URI), reached with the Hadoop settings of
     * {@code config}'s {@code spark.settings} ({@code spark.hadoop.*}).
     */
    public static Plan plan(String warehouse, LocalDate today, DistillGuardConfig config) {
        return plan(config.spark().hadoopConfiguration(), warehouse, today, config.retention());
    }

    public static Plan plan(Configuration hadoop, String warehouse, LocalDate today, RetentionConfig retention) {
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(today, "today is null");
        requireNonNull(retention, "retention is null");
        Map<String, LocalDate> cutoffs = cutoffs(today, retention);
        List<Expired> expired = new ArrayList<>();
        Path root = new Path(warehouse);
        try {
            FileSystem fileSystem = root.getFileSystem(hadoop);
            if (!fileSystem.exists(root)) {
                throw new IllegalArgumentException("Cannot plan retention: warehouse " + warehouse + " does not exist");
            }
            for (Map.Entry<String, LocalDate> area : new java.util.TreeMap<>(cutoffs).entrySet()) {
                if (NIGHTLY_ONLY.contains(area.getKey())) {
                    continue;
                }
                Path folder = new Path(root, area.getKey());
                if (!fileSystem.exists(folder)) {
                    continue;
                }
                for (FileStatus status : fileSystem.listStatus(folder)) {
                    LocalDate date = dateOf(status);
                    if (date != null && date.isBefore(area.getValue())) {
                        expired.add(new Expired(area.getKey(), date, status.getPath().toString()));
                    }
                }
            }
            // The nightly job's layout keeps every stage of a date in one published folder.
            Path published = new Path(root, "published");
            if (fileSystem.exists(published)) {
                for (FileStatus status : fileSystem.listStatus(published)) {
                    LocalDate date = dateOf(status);
                    if (date == null) {
                        continue;
                    }
                    for (Map.Entry<String, String> area : NIGHTLY_AREAS.entrySet()) {
                        Path folder = new Path(status.getPath(), area.getValue());
                        if (date.isBefore(cutoffs.get(area.getKey())) && fileSystem.exists(folder)) {
                            expired.add(new Expired(area.getKey(), date, folder.toString()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + warehouse + " for retention: " + e.getMessage(), e);
        }
        expired.sort(Comparator.comparing(Expired::area).thenComparing(Expired::date));
        return new Plan(warehouse, today, cutoffs, expired);
    }

    /**
     * Deletes every folder the plan lists; returns how many were deleted (a folder already gone is skipped). A 7-day
     * state's {@code _sources.json} goes first, so a delete that stops halfway leaves a state no window will use.
     */
    public static int apply(Configuration hadoop, Plan plan) {
        requireNonNull(plan, "plan is null");
        int deleted = 0;
        for (Expired expired : plan.expired()) {
            Path path = new Path(expired.path());
            try {
                FileSystem fileSystem = path.getFileSystem(hadoop);
                if (expired.area().equals(WEEK_STATES) && fileSystem.exists(path)) {
                    for (FileStatus day : fileSystem.listStatus(path)) {
                        if (day.isDirectory()) {
                            fileSystem.delete(new Path(day.getPath(), WeekStates.SOURCES), false);
                        }
                    }
                }
                if (fileSystem.delete(path, true)) {
                    deleted++;
                } else if (fileSystem.exists(path)) {
                    throw new IOException("the file system did not delete it");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + expired.path() + " (retention of " + expired.area()
                        + "): " + e.getMessage() + ". " + deleted + " folder(s) were deleted before it; run again to go on.", e);
            }
        }
        return deleted;
    }

    /** Per area, the oldest date kept. */
    static Map<String, LocalDate> cutoffs(LocalDate today, RetentionConfig retention) {
        return Map.of(
                EVENTS, today.minusDays(retention.eventsDays()),
                QUARANTINE, today.minusDays(retention.quarantineDays()),
                REPORTS, today.minusDays(retention.reportsDays()),
                REVIEW, today.minusDays(retention.reportsDays()),
                WEEK_STATES, today.minusDays(WEEK_STATES_DAYS));
    }

    /** The date of a {@code date=YYYY-MM-DD} folder, or null for anything else. */
    static LocalDate dateOf(FileStatus status) {
        if (!status.isDirectory()) {
            return null;
        }
        Matcher matcher = DATE_FOLDER.matcher(status.getPath().getName());
        if (!matcher.matches()) {
            return null;
        }
        try {
            return LocalDate.parse(matcher.group(1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
