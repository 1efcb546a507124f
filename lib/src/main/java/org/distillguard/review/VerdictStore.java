package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.distillguard.nightly.Warehouse;
import org.distillguard.publish.CsvCells;
import org.distillguard.publish.Directories;

/**
 * The labels store: where analysts' verdicts are kept, append-only, so the store is also the audit trail of who said
 * what when. When read, the latest verdict per account wins.
 *
 * <p>On a local disk it is {@code WAREHOUSE/labels/verdicts.jsonl}, one JSON object a line: a verdict is added as one
 * whole line under an exclusive file lock, and earlier lines are never rewritten; verdicts are in file order, which is
 * the order they were given. On any other file system ({@code hdfs://}, {@code s3a://}, …), where appending is
 * missing (object stores) or guarded by a lease rather than a lock, each verdict is a file of its own,
 * {@code WAREHOUSE/labels/verdicts/<time>-<random>.json}, written under a hidden name and renamed into place, so two
 * analysts recording at once never touch the same file; their names sort by time (the recording machine's clock).
 * Both layouts are read on every file system, so a store copied from one to the other reads the same; a store that
 * holds both is read in time order.
 *
 * <p>One file per verdict means one object to list and open per verdict on every read. {@link #compact} merges those
 * files into one file of lines in the same folder. A file is deleted only once a merged file holding its verdicts is
 * in place (on a local disk, forced to the disk), so a compaction that stops half way, or two at once, leave a
 * verdict in two files, never in none; the folder is therefore read as a set of verdicts, each once, in time order,
 * and listed again until a listing shows no file the read has not seen (see {@link #readVerdictFiles}).
 */
public final class VerdictStore {

    public static final String ACCOUNT_ID = "account_id";
    public static final String LABEL = "label";
    public static final String ANALYST = "analyst";
    public static final String TIME = "time";
    public static final String NOTE = "note";
    public static final String DATE = "date";
    public static final String SCORE = "score";
    public static final String MODEL_ID = "model_id";

    /** The folder of one-file verdicts under {@code labels/}, on file systems other than a local disk. */
    public static final String VERDICTS_DIR = "verdicts";
    static final String VERDICT_SUFFIX = ".json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.time.format.DateTimeFormatter NAME_TIME = java.time.format.DateTimeFormatter
            .ofPattern("uuuuMMdd'T'HHmmss.SSSSSSSSS'Z'", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** The store's file on a local disk (appended to under a lock); null on another file system. */
    private final Path file;
    /** {@code labels/verdicts.jsonl} and {@code labels/verdicts/}, read through Hadoop on every file system. */
    private final org.apache.hadoop.fs.Path linesFile;
    private final org.apache.hadoop.fs.Path filesDir;
    private final Configuration hadoop;

    /** The store of a warehouse on a local disk. */
    public VerdictStore(Path warehouse) {
        this(new org.apache.hadoop.fs.Path(requireNonNull(warehouse, "warehouse is null").toAbsolutePath().toUri()).toString(),
                new Configuration());
    }

    /** The store of a warehouse given as a local path or any Hadoop URI, reached with {@code hadoop}. */
    public VerdictStore(String warehouse, Configuration hadoop) {
        requireNonNull(warehouse, "warehouse is null");
        this.hadoop = requireNonNull(hadoop, "hadoop is null");
        Path local = Directories.localPath(hadoop, warehouse);
        org.apache.hadoop.fs.Path labels = local != null
                ? new org.apache.hadoop.fs.Path(local.resolve(Warehouse.LABELS).toUri())
                : new org.apache.hadoop.fs.Path(warehouse, Warehouse.LABELS);
        this.file = local != null ? local.resolve(Warehouse.LABELS).resolve(ReviewTables.VERDICTS_FILE) : null;
        this.linesFile = new org.apache.hadoop.fs.Path(labels, ReviewTables.VERDICTS_FILE);
        this.filesDir = new org.apache.hadoop.fs.Path(labels, VERDICTS_DIR);
    }

    /** Where verdicts are recorded, for messages: the local file, or the folder of one-file verdicts. */
    public String location() {
        return file != null ? file.toString() : filesDir.toString();
    }

    /** The folder of one-file verdicts ({@code labels/verdicts/}), for messages. */
    public String filesLocation() {
        return location(filesDir);
    }

    /** Appends one verdict. */
    public void append(Verdict verdict) {
        byte[] line = (render(verdict) + "\n").getBytes(StandardCharsets.UTF_8);
        if (file == null) {
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(filesDir, fileName(verdict.time()));
            try {
                Directories.writeFile(hadoop, target, line);
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException("Cannot record the verdict in " + filesDir + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
            return;
        }
        try {
            if (!Files.exists(file.getParent())) {
                Files.createDirectories(file.getParent());
                restrict(file.getParent(), "rwx------");
            }
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                    FileLock lock = channel.lock()) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
            if (created) {
                restrict(file, "rw-------");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the verdict in " + file + ": " + e.getMessage(), e);
        }
    }

    /** A one-file verdict's name: the time in a form that sorts as it runs, then 64 random bits against collisions. */
    static String fileName(Instant time) {
        return NAME_TIME.format(time) + "-" + String.format(java.util.Locale.ROOT, "%016x", RANDOM.nextLong())
                + VERDICT_SUFFIX;
    }

    /**
     * Every verdict, oldest first; none when the store does not exist yet. Both layouts are read on every file system,
     * so a store copied between a local disk and HDFS or an object store reads the same (see {@link #merged}).
     */
    public List<Verdict> readAll() {
        try {
            org.apache.hadoop.fs.FileSystem fileSystem = filesDir.getFileSystem(hadoop);
            List<Verdict> lines = fileSystem.exists(linesFile)
                    ? parseLines(readLines(fileSystem, linesFile), location(linesFile)) : List.of();
            return merged(lines, distinctInTimeOrder(readVerdictFiles(fileSystem).verdicts()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the labels store " + location(filesDir.getParent()) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The verdict files of {@code labels/verdicts/} by name (none when the folder does not exist). */
    private List<org.apache.hadoop.fs.Path> verdictFiles(org.apache.hadoop.fs.FileSystem fileSystem) throws IOException {
        List<org.apache.hadoop.fs.Path> names = new ArrayList<>();
        if (!fileSystem.exists(filesDir)) {
            return names;
        }
        for (org.apache.hadoop.fs.FileStatus status : fileSystem.listStatus(filesDir)) {
            if (status.isFile() && isVerdictFile(status.getPath().getName())) {
                names.add(status.getPath());
            }
        }
        names.sort(java.util.Comparator.comparing(org.apache.hadoop.fs.Path::getName));
        return names;
    }

    private record FilesRead(List<org.apache.hadoop.fs.Path> names, List<Verdict> verdicts) {}

    /** Listings of the one-file folder a read takes at most while new files keep appearing (verdicts being recorded). */
    private static final int LISTINGS = 50;

    /**
     * Every verdict file's verdicts. A compaction deletes files only after the file that merges them is in place, so
     * a file that vanishes before it is read has its verdicts in a file a later listing shows; a listing can also
     * miss both (Hadoop's local file system drops names that vanish while it lists). So the folder is listed again
     * after each pass, and the files not yet seen are read, until a listing shows nothing new. A file that vanished
     * is not among the names returned (a compaction deletes only what it read).
     */
    private FilesRead readVerdictFiles(org.apache.hadoop.fs.FileSystem fileSystem) throws IOException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<org.apache.hadoop.fs.Path> read = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (int listing = 1; listing <= LISTINGS; listing++) {
            boolean unseen = false;
            for (org.apache.hadoop.fs.Path one : verdictFiles(fileSystem)) {
                if (!seen.add(one.getName())) {
                    continue;
                }
                unseen = true;
                List<String> lines;
                try {
                    lines = readLines(fileSystem, one);
                } catch (IOException e) {
                    if (fileSystem.exists(one)) {
                        throw e;
                    }
                    continue; // merged and deleted meanwhile: the next listing shows the merged file
                }
                verdicts.addAll(parseLines(lines, location(one)));
                read.add(one);
            }
            if (!unseen && listing > 1) {
                break;
            }
        }
        return new FilesRead(read, verdicts);
    }

    /**
     * The verdicts of the one-file folder, each once (a compaction that stopped before deleting what it merged leaves
     * a verdict in two files), oldest first (a stable sort, so files read by name keep their order at equal times).
     * Two verdicts are the same when every field is, their time to the nanosecond included.
     */
    private static List<Verdict> distinctInTimeOrder(List<Verdict> verdicts) {
        List<Verdict> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(verdicts));
        distinct.sort(java.util.Comparator.comparing(Verdict::time));
        return distinct;
    }

    /**
     * What {@link #compact} did: verdict files read (the merged file not counted), verdicts kept, duplicates dropped,
     * the merged file (null when there was nothing to merge), and abandoned temporary files removed.
     */
    public record Compaction(int filesRead, int verdicts, int duplicates, String mergedFile, int staleTemporaries) {}

    /**
     * How old a hidden temporary file under {@code labels/verdicts/} must be before a compaction removes it: a writer
     * renames its temporary file within seconds, so one this old was left by a process that stopped.
     */
    static final java.time.Duration STALE_TEMPORARY = java.time.Duration.ofDays(1);

    /**
     * Merges the verdict files of {@code labels/verdicts/} into one new file there, its verdicts oldest first, then
     * deletes the files it read. The new file is written under a hidden name and renamed into place before anything
     * is deleted, and a verdict recorded meanwhile is a file the compaction did not read, so nothing is lost; if it
     * stops before its deletions end, the next read drops the duplicates and the next compaction the files. A file
     * that is not a verdict stops it before anything is written. The locked local file ({@code verdicts.jsonl}) is
     * not touched. With at most one verdict file there is nothing to merge. Hidden temporary files older than
     * {@link #STALE_TEMPORARY}, left by writers that stopped before their rename, are removed.
     */
    public Compaction compact() {
        try {
            org.apache.hadoop.fs.FileSystem fileSystem = filesDir.getFileSystem(hadoop);
            FilesRead files;
            try {
                files = readVerdictFiles(fileSystem);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("Cannot compact the labels store " + location(filesDir) + " (nothing"
                        + " was changed): " + e.getMessage() + "; fix that line (it stops every read of the store too),"
                        + " then compact again", e);
            }
            List<org.apache.hadoop.fs.Path> names = files.names();
            List<Verdict> read = files.verdicts();
            int stale = removeStaleTemporaries(fileSystem);
            if (names.size() <= 1) {
                return new Compaction(names.size(), read.size(), 0, null, stale);
            }
            List<Verdict> verdicts = distinctInTimeOrder(read);
            StringBuilder lines = new StringBuilder();
            verdicts.forEach(verdict -> lines.append(render(verdict)).append('\n'));
            // Named by its newest verdict, so that it sorts among one-file verdicts as the time of that verdict.
            org.apache.hadoop.fs.Path merged = new org.apache.hadoop.fs.Path(filesDir,
                    fileName(verdicts.get(verdicts.size() - 1).time()));
            try {
                Directories.writeFile(hadoop, merged, lines.toString().getBytes(StandardCharsets.UTF_8));
                Directories.restrictToOwner(hadoop, merged.toString());
                syncLocal(merged);
            } catch (UncheckedIOException e) {
                throw new IOException("nothing was deleted: " + e.getMessage(), e);
            }
            for (org.apache.hadoop.fs.Path one : names) {
                if (!fileSystem.delete(one, false) && fileSystem.exists(one)) {
                    throw new IOException("could not delete " + location(one) + " after merging it into "
                            + location(merged) + " (its verdicts are still read once); run labels compact again");
                }
            }
            return new Compaction(names.size(), verdicts.size(), read.size() - verdicts.size(), location(merged), stale);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compact the labels store " + location(filesDir) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Deletes hidden temporary files ({@code .…tmp}, as {@link Directories#writeFile} names them) older than
     * {@link #STALE_TEMPORARY}: a verdict or merged file whose writer stopped before its rename. Such a file can hold
     * a whole store's verdicts. Returns how many were deleted.
     */
    private int removeStaleTemporaries(org.apache.hadoop.fs.FileSystem fileSystem) throws IOException {
        if (!fileSystem.exists(filesDir)) {
            return 0;
        }
        long before = System.currentTimeMillis() - STALE_TEMPORARY.toMillis();
        int deleted = 0;
        for (org.apache.hadoop.fs.FileStatus status : fileSystem.listStatus(filesDir)) {
            String name = status.getPath().getName();
            if (status.isFile() && name.startsWith(".") && name.endsWith(".tmp") && status.getModificationTime() < before
                    && fileSystem.delete(status.getPath(), false)) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * On a local disk, forces the merged file and its folder's entry to the disk before the files it merges are
     * deleted, so a power loss cannot leave the deletions without the merged data (HDFS and object stores have the
     * file once it is closed).
     */
    private void syncLocal(org.apache.hadoop.fs.Path merged) throws IOException {
        Path local = Directories.localPath(hadoop, merged.toString());
        if (local == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(local, StandardOpenOption.READ)) {
            channel.force(true);
        }
        try (FileChannel folder = FileChannel.open(local.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder to force it; the file's own data is on the disk.
        }
    }

    /** {@code path} for messages: a local path as a plain path, as the store's other messages name it. */
    private String location(org.apache.hadoop.fs.Path path) {
        return file != null ? path.toUri().getPath() : path.toString();
    }

    /**
     * One layout alone is already in the order verdicts were given: the lines in their locked append order, the files'
     * verdicts by time ({@link #distinctInTimeOrder}). Both at once (a store copied between a local disk and HDFS, then added to) are merged by
     * time, a stable sort, so a verdict given later still comes later.
     */
    private static List<Verdict> merged(List<Verdict> lines, List<Verdict> files) {
        if (files.isEmpty()) {
            return lines;
        }
        if (lines.isEmpty()) {
            return files;
        }
        List<Verdict> all = new ArrayList<>(lines);
        all.addAll(files);
        all.sort(java.util.Comparator.comparing(Verdict::time));
        return all;
    }

    /** A one-file verdict, not a hidden file still being written. */
    private static boolean isVerdictFile(String name) {
        return !name.startsWith(".") && !name.startsWith("_") && name.endsWith(VERDICT_SUFFIX);
    }

    private static List<String> readLines(org.apache.hadoop.fs.FileSystem fileSystem, org.apache.hadoop.fs.Path path)
            throws IOException {
        try (java.io.InputStream in = fileSystem.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static List<Verdict> parseLines(List<String> lines, String source) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                verdicts.add(parse(lines.get(i), i + 1, source));
            }
        }
        return verdicts;
    }

    /** The latest verdict per account, in the order accounts were first judged. */
    public Map<String, Verdict> latest() {
        return latest(readAll());
    }

    /** The latest of {@code verdicts} (oldest first) per account, in the order accounts were first judged. */
    public static Map<String, Verdict> latest(List<Verdict> verdicts) {
        Map<String, Verdict> latest = new LinkedHashMap<>();
        for (Verdict verdict : verdicts) {
            latest.put(verdict.accountId(), verdict);
        }
        return latest;
    }

    /**
     * Writes {@code account_id,label} for training to {@code out} (a local path or a Hadoop URI, reached with the store's
     * Hadoop settings): the latest verdict per account, {@code unsure} left out. Returns the number of rows written.
     */
    public int exportTrainingLabels(String out) {
        StringBuilder csv = new StringBuilder(CsvCells.row(List.of(ACCOUNT_ID, LABEL)));
        int rows = 0;
        for (Verdict verdict : latest().values()) {
            if (verdict.label() != VerdictLabel.UNSURE) {
                csv.append(CsvCells.row(List.of(verdict.accountId(), verdict.label().text())));
                rows++;
            }
        }
        try {
            Directories.writeFile(hadoop, new org.apache.hadoop.fs.Path(out), csv.toString().getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("Cannot write the training labels " + out + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        return rows;
    }

    static String render(Verdict verdict) {
        ObjectNode node = JSON.createObjectNode();
        node.put(ACCOUNT_ID, verdict.accountId());
        node.put(LABEL, verdict.label().text());
        node.put(ANALYST, verdict.analyst());
        node.put(TIME, verdict.time().toString());
        node.put(NOTE, verdict.note());
        node.put(DATE, verdict.date());
        if (verdict.score() == null) {
            node.putNull(SCORE);
        } else {
            node.put(SCORE, verdict.score());
        }
        node.put(MODEL_ID, verdict.modelId());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render a verdict: " + e.getOriginalMessage(), e);
        }
    }

    private static Verdict parse(String line, int number, String source) {
        try {
            JsonNode node = JSON.readTree(line);
            return new Verdict(node.path(ACCOUNT_ID).asText(), VerdictLabel.parse(node.path(LABEL).asText()),
                    node.path(ANALYST).asText(), Instant.parse(node.path(TIME).asText()), node.path(NOTE).asText(""),
                    node.hasNonNull(DATE) ? node.get(DATE).asText() : null,
                    node.hasNonNull(SCORE) ? node.get(SCORE).asDouble() : null,
                    node.hasNonNull(MODEL_ID) ? node.get(MODEL_ID).asText() : null);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the labels store " + source + ": line " + number
                    + " is not a verdict (" + e.getMessage() + ")", e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: permissions are the store's own.
        }
    }
}
