package org.distillguard.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.distillguard.ingest.RawLine;
import org.distillguard.ingest.RecordTexts;
import org.distillguard.redact.Finding;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.redact.SecretFingerprinter;
import org.distillguard.redact.SecretRule;

/**
 * Scans the raw records of one task and yields one {@link AuditSchema} row per secret or PII occurrence, then one
 * statistics row. Secrets leave this class only as fingerprints (and a card's last four). Not thread-safe; one per
 * task.
 */
final class AuditScanner implements Iterator<Row> {

    /** What the scanner needs, shipped to the tasks. */
    record Settings(Redactor redactor, SecretFingerprinter fingerprinter, Pseudonymizer accountPseudonymizer,
            LocalDate from, LocalDate to) implements java.io.Serializable {}

    private final Iterator<RawLine> lines;
    private final Settings settings;
    private final boolean[] keepLastFour;
    private final java.util.Map<String, Integer> ruleIndex = new java.util.HashMap<>();
    private final RecordTexts parser = new RecordTexts();
    private final ArrayDeque<Row> pending = new ArrayDeque<>();
    private long records;
    private long unparsed;
    private long partial;
    private long outOfRange;
    private boolean done;

    AuditScanner(Iterator<RawLine> lines, Settings settings) {
        this.lines = lines;
        this.settings = settings;
        java.util.List<SecretRule> rules = settings.redactor().rules().rules();
        this.keepLastFour = new boolean[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            keepLastFour[i] = rules.get(i).keepLastFour();
            ruleIndex.put(rules.get(i).id(), i);
        }
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !done) {
            if (lines.hasNext()) {
                scan(lines.next());
            } else {
                done = true;
                pending.add(RowFactory.create(null, null, null, null, null, null, null, null, null, null,
                        records, unparsed, partial, outOfRange));
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    private void scan(RawLine line) {
        records++;
        if (line.problem() != null) {
            partial++;
        }
        byte[] bytes = line.bytes();
        RecordTexts.Parsed parsed = line.problem() == null ? parser.parse(bytes, 0, bytes.length) : null;
        if (parsed == null) {
            unparsed++;
            if (bytes.length > 0) {
                emit(RecordTexts.rawText(bytes, 0, bytes.length), AuditSchema.WHERE_UNPARSED, null, null, null, line);
            }
            return;
        }
        Instant timestamp = parsed.timestamp();
        if (timestamp != null && outOfRange(LocalDate.ofInstant(timestamp, ZoneOffset.UTC))) {
            outOfRange++;
            return;
        }
        String account = safeIdentifier(parsed.account());
        if (account != null && settings.accountPseudonymizer() != null) {
            account = settings.accountPseudonymizer().pseudonym(Pseudonymizer.ACCOUNT, parsed.account());
        }
        String requestId = safeIdentifier(parsed.requestId());
        Timestamp time = timestamp == null ? null : Timestamp.from(timestamp);
        for (RecordTexts.Text text : parsed.texts()) {
            emit(text.text(), text.role().label(), account, requestId, time, line);
        }
    }

    private boolean outOfRange(LocalDate date) {
        return (settings.from() != null && date.isBefore(settings.from()))
                || (settings.to() != null && date.isAfter(settings.to()));
    }

    /** Identifiers are attacker-influenced: one that holds a secret is written redacted. */
    private String safeIdentifier(String value) {
        return value == null ? null : settings.redactor().redact(value);
    }

    private void emit(String text, String where, String account, String requestId, Timestamp time, RawLine line) {
        Redactor redactor = settings.redactor();
        for (Finding finding : redactor.find(text)) {
            String secret = redactor.secret(text, finding);
            Integer rule = ruleIndex.get(finding.ruleId());
            String lastFour = rule != null && keepLastFour[rule] ? SecretFingerprinter.lastFour(secret) : null;
            pending.add(RowFactory.create(account, finding.ruleId(), finding.category().yamlName(),
                    settings.fingerprinter().fingerprint(finding.ruleId(), secret), lastFour, where, time, requestId,
                    line.sourceFile(), line.lineNumber(), 0L, 0L, 0L, 0L));
        }
    }
}
