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
import org.distillguard.publish.CsvCells;

/**
 * The labels store: {@code WAREHOUSE/labels/verdicts.jsonl}, one JSON object a line, append-only. A verdict is added
 * as one whole line under an exclusive file lock; earlier lines are never rewritten, so the store is also the audit
 * trail of who said what when. When read, the latest line per account wins (file order, which is the order verdicts
 * were given).
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public VerdictStore(Path warehouse) {
        this.file = requireNonNull(warehouse, "warehouse is null").resolve(org.distillguard.nightly.Warehouse.LABELS)
                .resolve(ReviewTables.VERDICTS_FILE);
    }

    public Path file() {
        return file;
    }

    /** Appends one verdict as one line. */
    public void append(Verdict verdict) {
        byte[] line = (render(verdict) + "\n").getBytes(StandardCharsets.UTF_8);
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

    /** Every verdict, oldest first; none when the store does not exist yet. */
    public List<Verdict> readAll() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Verdict> verdicts = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    verdicts.add(parse(lines.get(i), i + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the labels store " + file + ": " + e.getMessage(), e);
        }
        return verdicts;
    }

    /** The latest verdict per account, in the order accounts were first judged. */
    public Map<String, Verdict> latest() {
        Map<String, Verdict> latest = new LinkedHashMap<>();
        for (Verdict verdict : readAll()) {
            latest.put(verdict.accountId(), verdict);
        }
        return latest;
    }

    /**
     * Writes {@code account_id,label} for training: the latest verdict per account, {@code unsure} left out. Returns
     * the number of rows written.
     */
    public int exportTrainingLabels(Path out) {
        StringBuilder csv = new StringBuilder(CsvCells.row(List.of(ACCOUNT_ID, LABEL)));
        int rows = 0;
        for (Verdict verdict : latest().values()) {
            if (verdict.label() != VerdictLabel.UNSURE) {
                csv.append(CsvCells.row(List.of(verdict.accountId(), verdict.label().text())));
                rows++;
            }
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temporary = Files.createTempFile(parent, "." + out.getFileName(), ".tmp");
            Files.writeString(temporary, csv.toString(), StandardCharsets.UTF_8);
            Files.move(temporary, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the training labels " + out + ": " + e.getMessage(), e);
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

    private Verdict parse(String line, int number) {
        try {
            JsonNode node = JSON.readTree(line);
            return new Verdict(node.path(ACCOUNT_ID).asText(), VerdictLabel.parse(node.path(LABEL).asText()),
                    node.path(ANALYST).asText(), Instant.parse(node.path(TIME).asText()), node.path(NOTE).asText(""),
                    node.hasNonNull(DATE) ? node.get(DATE).asText() : null,
                    node.hasNonNull(SCORE) ? node.get(SCORE).asDouble() : null,
                    node.hasNonNull(MODEL_ID) ? node.get(MODEL_ID).asText() : null);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the labels store " + file + ": line " + number
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
