package org.distillguard.ingest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.sketch.BloomFilter;
import org.distillguard.config.IngestConfig;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;

/**
 * Turns the raw lines of one split into event rows. Lines that break the contract go to the split's quarantine file
 * (reason, source file, line number and a redacted excerpt — never the raw line); on {@link #close()} the split's
 * counts are written beside it, so the run's manifest adds up exactly what was read, even when a task is retried
 * (a retry rewrites the same two files).
 */
final class RecordProcessor implements LineSink {

    static final String QUARANTINE_DIR = "quarantine";
    static final String STATISTICS_DIR = "_splits";
    private static final JsonFactory JSON = new JsonFactory();

    private final IngestConfig config;
    private final Redactor redactor;
    private final LocalDate targetDate;
    private final Path quarantinePath;
    private final Path statisticsPath;
    private final Configuration hadoop;
    private final RequestLogParser parser = new RequestLogParser();
    private final RawRecord record = new RawRecord();
    private final EventBuilder builder;
    private final SplitStatistics statistics;
    private JsonGenerator quarantine;
    private String lastSourceFile;
    private UTF8String lastSourceFileUtf8;

    RecordProcessor(IngestConfig config, Redactor redactor, Pseudonymizer pseudonymizer, String targetDate,
            String stagingDirectory, int splitIndex, String sourceFile, BloomFilter repeatedIds, Configuration hadoop) {
        this.config = config;
        this.redactor = redactor;
        this.targetDate = targetDate == null ? null : LocalDate.parse(targetDate);
        this.builder = new EventBuilder(config, redactor, pseudonymizer, repeatedIds);
        String name = String.format("part-%05d", splitIndex);
        this.quarantinePath = new Path(new Path(stagingDirectory, QUARANTINE_DIR), name + ".jsonl");
        this.statisticsPath = new Path(new Path(stagingDirectory, STATISTICS_DIR), name + ".json");
        this.hadoop = ownerOnlyConfiguration(hadoop);
        this.statistics = new SplitStatistics(splitIndex, sourceFile);
    }

    /** {@code hadoop} with files created owner-only. */
    static Configuration ownerOnlyConfiguration(Configuration hadoop) {
        Configuration configuration = new Configuration(hadoop);
        configuration.set("fs.permissions.umask-mode", "077");
        return configuration;
    }

    /**
     * Processes one line; returns the event row ({@link EventSchema#SCHEMA}, then the {@code duplicate} flag when
     * built with repeated ids), or null when the line was quarantined or is for another date.
     */
    @Override
    public InternalRow process(byte[] buffer, int offset, int length, boolean tooLarge, String sourceFile, long lineNumber) {
        statistics.records++;
        if (tooLarge) {
            quarantine(QuarantineReason.TOO_LARGE, buffer, offset, length, sourceFile, lineNumber, null);
            return null;
        }
        String reason = parser.parse(buffer, offset, length, record);
        if (reason != null) {
            quarantine(reason, buffer, offset, length, sourceFile, lineNumber, null);
            return null;
        }
        Instant instant = EventBuilder.instant(record);
        LocalDate date = instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC);
        if (date != null && targetDate != null && !targetDate.equals(date) && record.badTypeField == null
                && record.repeatedField == null) {
            statistics.outOfRange++;
            return null;
        }
        if (!sourceFile.equals(lastSourceFile)) {
            lastSourceFile = sourceFile;
            lastSourceFileUtf8 = UTF8String.fromString(sourceFile);
        }
        InternalRow row = builder.build(record, instant, date, lastSourceFileUtf8, lineNumber);
        if (row == null) {
            quarantine(builder.rejection(), buffer, offset, length, sourceFile, lineNumber,
                    record.isLiteLlm() ? record.teamId : record.accountId);
            return null;
        }
        statistics.events++;
        return row;
    }

    /** Records a problem that is not one line: a truncated or unreadable file. */
    @Override
    public void quarantineFile(String reason, String sourceFile, long lineNumber) {
        statistics.records++;
        quarantine(reason, new byte[0], 0, 0, sourceFile, lineNumber, null);
    }

    @Override
    public void blankLine() {
        statistics.blankLines++;
    }

    private void quarantine(String reason, byte[] buffer, int offset, int length, String sourceFile, long lineNumber,
            String account) {
        statistics.quarantined.merge(reason, 1L, Long::sum);
        try {
            if (quarantine == null) {
                quarantine = JSON.createGenerator(create(quarantinePath), JsonEncoding.UTF8);
            }
            quarantine.writeStartObject();
            quarantine.writeStringField("reason", reason);
            quarantine.writeStringField("source_file", sourceFile);
            quarantine.writeNumberField("line", lineNumber);
            if (account != null && !account.isBlank() && !config.pseudonymizeAccountId()) {
                quarantine.writeStringField("account_id", account);
            }
            quarantine.writeNumberField("bytes", length);
            quarantine.writeStringField("excerpt",
                    ExcerptSanitizer.excerpt(buffer, offset, length, config.excerptChars(), redactor));
            quarantine.writeEndObject();
            quarantine.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write quarantine file " + quarantinePath + ": " + e.getMessage(), e);
        }
    }

    private OutputStream create(Path path) throws IOException {
        FileSystem fileSystem = path.getFileSystem(hadoop);
        return fileSystem.create(path, new FsPermission((short) 0600), true, 1 << 16,
                fileSystem.getDefaultReplication(path), fileSystem.getDefaultBlockSize(path), null);
    }

    @Override
    public void close() {
        try {
            if (quarantine != null) {
                quarantine.close();
                quarantine = null;
            }
            try (JsonGenerator generator = JSON.createGenerator(create(statisticsPath), JsonEncoding.UTF8)) {
                statistics.write(generator);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write split statistics " + statisticsPath + ": " + e.getMessage(), e);
        }
    }

    /** What one split read, written as JSON beside the quarantine and summed into the manifest. */
    static final class SplitStatistics {
        final int split;
        final String file;
        long records;
        long events;
        long outOfRange;
        long blankLines;
        final Map<String, Long> quarantined = new TreeMap<>();

        SplitStatistics(int split, String file) {
            this.split = split;
            this.file = file;
        }

        void write(JsonGenerator generator) throws IOException {
            generator.writeStartObject();
            generator.writeNumberField("split", split);
            generator.writeStringField("file", file);
            generator.writeNumberField("records", records);
            generator.writeNumberField("events", events);
            generator.writeNumberField("out_of_range", outOfRange);
            generator.writeNumberField("blank_lines", blankLines);
            generator.writeObjectFieldStart("quarantined");
            for (Map.Entry<String, Long> entry : quarantined.entrySet()) {
                generator.writeNumberField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
            generator.writeEndObject();
        }
    }
}
