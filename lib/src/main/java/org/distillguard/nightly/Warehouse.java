package org.distillguard.nightly;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The warehouse folder the nightly job reads and writes. A published date is one folder holding every stage's
 * output for that date; it is replaced as a whole by a rename, so a reader sees the previous publication or the new
 * one, never a mix:
 *
 * <pre>
 * published/date=YYYY-MM-DD/   ingest/ features/ clusters/ scores/ review/ manifest.json _SUCCESS
 * _staging/&lt;run&gt;/date=…/        a run's work in progress (removed when published or found stale)
 * _failed/&lt;run&gt;/date=…/         a run whose quality gates failed, kept for inspection
 * models/  labels/              the model store and the analysts' verdicts
 * </pre>
 */
public final class Warehouse {

    public static final String PUBLISHED = "published";
    public static final String STAGING = "_staging";
    public static final String FAILED = "_failed";
    public static final String MODELS = "models";
    public static final String LABELS = "labels";
    public static final String SUCCESS = "_SUCCESS";
    public static final String MANIFEST = "manifest.json";
    private static final String DATE_PREFIX = "date=";
    private static final String ASIDE_PREFIX = "._replaced-";

    private final Path root;
    private final Configuration hadoop;
    private final LocalDate stagedDate;
    private final Path stagedFolder;

    public Warehouse(String root, Configuration hadoop) {
        this(new Path(requireNonNull(root, "root is null")), requireNonNull(hadoop, "hadoop is null"), null, null);
    }

    private Warehouse(Path root, Configuration hadoop, LocalDate stagedDate, Path stagedFolder) {
        this.root = root;
        this.hadoop = hadoop;
        this.stagedDate = stagedDate;
        this.stagedFolder = stagedFolder;
    }

    /**
     * This warehouse as a reader will see it once {@code date} is published from {@code folder}: stages that run
     * after others in the same night (the review) read the date's staged outputs beside the published history.
     */
    public Warehouse withStaged(LocalDate date, Path folder) {
        return new Warehouse(root, hadoop, requireNonNull(date, "date is null"), requireNonNull(folder, "folder is null"));
    }

    public Path root() {
        return root;
    }

    public Configuration hadoop() {
        return hadoop;
    }

    public Path published(LocalDate date) {
        if (date.equals(stagedDate)) {
            return stagedFolder;
        }
        return new Path(new Path(root, PUBLISHED), DATE_PREFIX + date);
    }

    public Path staging(String runId, LocalDate date) {
        return new Path(new Path(new Path(root, STAGING), runId), DATE_PREFIX + date);
    }

    public Path failed(String runId, LocalDate date) {
        return new Path(new Path(new Path(root, FAILED), runId), DATE_PREFIX + date);
    }

    public Path models() {
        return new Path(root, MODELS);
    }

    public Path labels() {
        return new Path(root, LABELS);
    }

    /** A stage's output of a published date, if that date is published. */
    public Optional<Path> publishedStage(LocalDate date, String stage) {
        return isPublished(date) ? Optional.of(new Path(published(date), stage)) : Optional.empty();
    }

    public boolean isPublished(LocalDate date) {
        return date.equals(stagedDate) || exists(new Path(published(date), SUCCESS));
    }

    /** Published dates, oldest first. */
    public List<LocalDate> publishedDates() {
        TreeSet<LocalDate> dates = new TreeSet<>();
        Path folder = new Path(root, PUBLISHED);
        try {
            FileSystem fileSystem = folder.getFileSystem(hadoop);
            if (!fileSystem.exists(folder)) {
                return List.of();
            }
            for (FileStatus status : fileSystem.listStatus(folder)) {
                String name = status.getPath().getName();
                if (status.isDirectory() && name.startsWith(DATE_PREFIX)) {
                    try {
                        LocalDate date = LocalDate.parse(name.substring(DATE_PREFIX.length()));
                        if (fileSystem.exists(new Path(status.getPath(), SUCCESS))) {
                            dates.add(date);
                        }
                    } catch (DateTimeParseException ignored) {
                        // not a date folder of ours
                    }
                }
            }
            if (stagedDate != null) {
                dates.add(stagedDate);
            }
            return new ArrayList<>(dates);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list published dates in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts the warehouse back in a consistent state after a run that was killed: a date whose replacement was
     * interrupted between its two renames gets its previous publication back, and stale staging folders of dead runs
     * are removed. Safe to call at the start of every run (one nightly run at a time per warehouse).
     */
    public void recover() {
        Path folder = new Path(root, PUBLISHED);
        try {
            FileSystem fileSystem = folder.getFileSystem(hadoop);
            if (fileSystem.exists(folder)) {
                for (FileStatus status : fileSystem.listStatus(folder)) {
                    String name = status.getPath().getName();
                    if (!name.startsWith(ASIDE_PREFIX)) {
                        continue;
                    }
                    String original = name.substring(ASIDE_PREFIX.length(), name.length() - 37); // "-" + UUID
                    Path target = new Path(folder, original);
                    if (fileSystem.exists(target)) {
                        fileSystem.delete(status.getPath(), true);
                    } else if (!fileSystem.rename(status.getPath(), target)) {
                        throw new IOException("rename of " + status.getPath() + " back to " + target + " failed");
                    }
                }
            }
            Path staging = new Path(root, STAGING);
            if (fileSystem.exists(staging)) {
                fileSystem.delete(staging, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot recover the warehouse " + root + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code path} (under this warehouse) exists, through its Hadoop settings. */
    public boolean exists(Path path) {
        try {
            return path.getFileSystem(hadoop).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check " + path + ": " + e.getMessage(), e);
        }
    }
}
