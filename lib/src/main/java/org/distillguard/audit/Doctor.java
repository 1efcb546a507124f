package org.distillguard.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.distillguard.config.RetentionConfig;
import org.distillguard.publish.Directories;
import org.distillguard.redact.HmacKey;
import org.distillguard.runtime.SparkSessions;

/**
 * The exposure self-check: what would make DistillGuard itself leak what it protects. Each check looks at one thing
 * (the warehouse's permissions, the HMAC key, the review server's bind address, Spark's UI and event logs, the age of
 * the quarantine) and returns a {@link Finding} with the fix in words. Never prints a key or a property value.
 */
public final class Doctor {

    public static final String PERMISSIONS = "permissions";
    public static final String WAREHOUSE = "warehouse";
    public static final String HMAC_KEY = "hmac-key";
    public static final String HMAC_KEY_FILE = "hmac-key-file";
    public static final String REVIEW_BIND = "review-bind";
    public static final String SPARK_REDACTION = "spark-redaction";
    public static final String QUARANTINE_RETENTION = "quarantine-retention";
    /** Paths named in a permissions finding; the count covers them all. */
    static final int PATHS_SHOWN = 5;
    /** Words a key-like Spark property name holds; the redaction regex must match each. */
    static final List<String> KEY_LIKE_WORDS = List.of("hmac", "secret", "token", "password", "key");
    /** Spark's own default when {@code spark.redaction.regex} is unset. */
    static final String SPARK_DEFAULT_REDACTION_REGEX = "(?i)secret|password|token|access[.]?key";

    public enum Severity { HIGH, MEDIUM }

    /** One problem and its fix. Messages name paths and settings, never a secret or a property's value. */
    public record Finding(String check, Severity severity, String message, String fix) {
        public Finding {
            requireNonNull(check, "check is null");
            requireNonNull(severity, "severity is null");
            requireNonNull(message, "message is null");
            requireNonNull(fix, "fix is null");
        }
    }

    /**
     * What the doctor looks at.
     *
     * @param warehouse the warehouse folder (ingest's {@code --out}) or any output folder
     * @param key the HMAC key, if one is configured and could be read
     * @param keyError why the configured key could not be used (read error, too short), if so; never holds the key
     * @param keyFile the key file, when the key comes from one
     * @param reviewBind the review server's bind address, when one is configured
     * @param sparkSettings the effective Spark settings ({@link SparkSessions#effectiveSettings})
     * @param retention the configured retention
     * @param today the date retention counts back from
     */
    public record Setup(String warehouse, Optional<HmacKey> key, Optional<String> keyError, Optional<java.nio.file.Path> keyFile,
            Optional<String> reviewBind, Map<String, String> sparkSettings, RetentionConfig retention, LocalDate today) {
        public Setup {
            requireNonNull(warehouse, "warehouse is null");
            requireNonNull(key, "key is null");
            requireNonNull(keyError, "keyError is null");
            requireNonNull(keyFile, "keyFile is null");
            requireNonNull(reviewBind, "reviewBind is null");
            sparkSettings = Map.copyOf(requireNonNull(sparkSettings, "sparkSettings is null"));
            requireNonNull(retention, "retention is null");
            requireNonNull(today, "today is null");
        }
    }

    private Doctor() {}

    /** Every check; an empty list means no exposure was found. */
    public static List<Finding> check(Setup setup) {
        List<Finding> findings = new ArrayList<>();
        // A warehouse on HDFS or an object store is reached with the Hadoop settings among the Spark settings.
        Configuration hadoop = org.distillguard.config.SparkConfig.hadoopConfiguration(setup.sparkSettings());
        findings.addAll(checkWarehouse(hadoop, setup.warehouse()));
        findings.addAll(checkKey(setup.key(), setup.keyError(), setup.keyFile()));
        findings.addAll(checkReviewBind(setup.reviewBind()));
        findings.addAll(checkSpark(setup.sparkSettings()));
        findings.addAll(checkQuarantineAge(hadoop, setup.warehouse(), setup.retention(), setup.today()));
        return List.copyOf(findings);
    }

    // Warehouse permissions.

    static List<Finding> checkWarehouse(Configuration hadoop, String warehouse) {
        java.nio.file.Path local = Directories.localPath(hadoop, warehouse);
        List<String> open = new ArrayList<>();
        long[] count = {0};
        try {
            if (local != null) {
                if (!Files.exists(local)) {
                    return List.of(new Finding(WAREHOUSE, Severity.MEDIUM, "The warehouse " + warehouse + " does not exist, "
                            + "so its permissions cannot be checked.", "Pass the folder ingest writes to (its --out) with --warehouse."));
                }
                walkLocal(local, open, count);
            } else {
                walkHadoop(hadoop, new Path(warehouse), open, count);
            }
        } catch (UnsupportedOperationException e) {
            return List.of();
        }
        if (count[0] == 0) {
            return List.of();
        }
        return List.of(new Finding(PERMISSIONS, Severity.HIGH, count[0] + " path(s) under " + warehouse
                + " can be read, written or entered by other users (group or others), e.g. " + String.join(", ", open),
                "Run 'chmod -R go-rwx " + warehouse + "' and run the jobs with umask 077; DistillGuard writes its "
                        + "outputs owner-only, so something else widened them (a copy, a shared parent, a sync tool)."));
    }

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static void walkLocal(java.nio.file.Path root, List<String> open, long[] count) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(java.nio.file.Path dir, BasicFileAttributes attributes) throws IOException {
                    note(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attributes) throws IOException {
                    note(file);
                    return FileVisitResult.CONTINUE;
                }

                private void note(java.nio.file.Path path) throws IOException {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                        count[0]++;
                        if (open.size() < PATHS_SHOWN) {
                            open.add(path + " (" + PosixFilePermissions.toString(permissions) + ")");
                        }
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check permissions under " + root + ": " + e.getMessage(), e);
        }
    }

    private static void walkHadoop(Configuration hadoop, Path root, List<String> open, long[] count) {
        try {
            FileSystem fileSystem = root.getFileSystem(hadoop);
            List<FileStatus> pending = new ArrayList<>(List.of(fileSystem.getFileStatus(root)));
            while (!pending.isEmpty()) {
                FileStatus status = pending.remove(pending.size() - 1);
                if (status.getPermission().getGroupAction() != FsAction.NONE
                        || status.getPermission().getOtherAction() != FsAction.NONE) {
                    count[0]++;
                    if (open.size() < PATHS_SHOWN) {
                        open.add(status.getPath() + " (" + status.getPermission() + ")");
                    }
                }
                if (status.isDirectory()) {
                    pending.addAll(List.of(fileSystem.listStatus(status.getPath())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check permissions under " + root + ": " + e.getMessage(), e);
        }
    }

    // The HMAC key.

    static List<Finding> checkKey(Optional<HmacKey> key, Optional<String> keyError, Optional<java.nio.file.Path> keyFile) {
        List<Finding> findings = new ArrayList<>();
        String fix = "Set " + HmacKey.ENVIRONMENT_VARIABLE + " or pass --hmac-key-file FILE with a random value, e.g. from "
                + "'openssl rand -hex 32', kept where only the job's user can read it.";
        if (keyError.isPresent()) {
            findings.add(new Finding(HMAC_KEY, Severity.HIGH, "The HMAC key cannot be used: " + keyError.get(), fix));
        } else if (key.isEmpty()) {
            findings.add(new Finding(HMAC_KEY, Severity.HIGH, "No HMAC key is configured: ingest and audit refuse to run, "
                    + "and a key set up in a hurry tends to be weak.", fix));
        } else if (key.get().isWeak()) {
            findings.add(new Finding(HMAC_KEY, Severity.HIGH, "The HMAC key is weak: " + String.join("; ",
                    key.get().weaknesses()) + ". Pseudonyms and fingerprints made with a guessable key can be reversed "
                    + "by hashing candidate values.", fix + " Pseudonyms change with the key: re-run ingest after."));
        }
        if (keyFile.isPresent()) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile.get());
                if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    findings.add(new Finding(HMAC_KEY_FILE, Severity.HIGH, "The HMAC key file " + keyFile.get()
                            + " can be read by other users (" + PosixFilePermissions.toString(permissions) + ").",
                            "Run 'chmod 600 " + keyFile.get() + "', and replace the key if others may have read it."));
                }
            } catch (IOException | UnsupportedOperationException e) {
                // Unreadable files are reported through keyError; non-POSIX stores have their own access control.
            }
        }
        return findings;
    }

    // The review server.

    static List<Finding> checkReviewBind(Optional<String> bind) {
        if (bind.isEmpty() || isLoopback(bind.get())) {
            return List.of();
        }
        String host = host(bind.get());
        String reach = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "every network interface" : host;
        return List.of(new Finding(REVIEW_BIND, Severity.HIGH, "The review server is set to listen on " + reach
                + " (" + bind.get() + "): anyone who can reach this machine can try to read the review queue, which "
                + "holds redacted prompts and account ids.", "Bind it to 127.0.0.1 (the default) and reach it through "
                + "an SSH tunnel or an authenticating proxy."));
    }

    static boolean isLoopback(String bind) {
        String host = host(bind).toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.equals("::1") || host.startsWith("127.")
                && host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    private static String host(String bind) {
        String value = bind.strip();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(1, end);
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && colon == value.lastIndexOf(':')) {
            return value.substring(0, colon);
        }
        return value;
    }

    // Spark's UI and event logs.

    static List<Finding> checkSpark(Map<String, String> settings) {
        boolean ui = Boolean.parseBoolean(settings.getOrDefault("spark.ui.enabled", "true"));
        boolean eventLog = Boolean.parseBoolean(settings.getOrDefault("spark.eventLog.enabled", "false"));
        if (!ui && !eventLog) {
            return List.of();
        }
        String regex = settings.getOrDefault("spark.redaction.regex", SPARK_DEFAULT_REDACTION_REGEX);
        List<String> missed = new ArrayList<>();
        try {
            Pattern pattern = Pattern.compile(regex);
            for (String word : KEY_LIKE_WORDS) {
                if (!pattern.matcher("spark.example." + word).find()) {
                    missed.add(word);
                }
            }
        } catch (PatternSyntaxException e) {
            missed.addAll(KEY_LIKE_WORDS);
        }
        if (missed.isEmpty()) {
            return List.of();
        }
        String where = ui && eventLog ? "Spark's UI and event logs are" : ui ? "Spark's UI is" : "Spark's event logs are";
        return List.of(new Finding(SPARK_REDACTION, Severity.HIGH, where + " enabled, and spark.redaction.regex does "
                + "not match property names holding " + String.join(", ", missed) + ": their values would be shown in "
                + "the Environment tab or written to the event log.",
                "Set spark.redaction.regex to " + SparkSessions.REDACTION_REGEX + " (the toolkit's default), or turn off "
                        + "spark.ui.enabled and spark.eventLog.enabled."));
    }

    // Quarantine age.

    static List<Finding> checkQuarantineAge(Configuration hadoop, String warehouse, RetentionConfig retention,
            LocalDate today) {
        java.nio.file.Path local = Directories.localPath(hadoop, warehouse);
        LocalDate cutoff = today.minusDays(retention.quarantineDays());
        List<String> old = new ArrayList<>();
        if (local != null && Files.isDirectory(local.resolve(Retention.QUARANTINE))) {
            Instant limit = cutoff.atStartOfDay(ZoneOffset.UTC).toInstant();
            try (Stream<java.nio.file.Path> walk = Files.walk(local.resolve(Retention.QUARANTINE))) {
                for (java.nio.file.Path file : walk.filter(Files::isRegularFile).toList()) {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(limit) || olderFolder(file, cutoff)) {
                        old.add(file.toString());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot check the quarantine under " + warehouse + ": " + e.getMessage(), e);
            }
        } else if (local == null) {
            Retention.plan(hadoop, warehouse, today, retention).expired().stream()
                    .filter(expired -> expired.area().equals(Retention.QUARANTINE)).forEach(expired -> old.add(expired.path()));
        }
        if (old.isEmpty()) {
            return List.of();
        }
        return List.of(new Finding(QUARANTINE_RETENTION, Severity.MEDIUM, old.size() + " quarantine file(s) are older "
                + "than retention.quarantine-days (" + retention.quarantineDays() + "), e.g. "
                + String.join(", ", old.subList(0, Math.min(PATHS_SHOWN, old.size()))),
                "Run 'distillguard retention --warehouse " + warehouse + "' (try --dry-run first); quarantine "
                        + "folders not named by date (date=all) are deleted by hand once fixed."));
    }

    private static boolean olderFolder(java.nio.file.Path file, LocalDate cutoff) {
        for (java.nio.file.Path parent = file.getParent(); parent != null; parent = parent.getParent()) {
            String name = parent.getFileName() == null ? "" : parent.getFileName().toString();
            if (name.matches("date=\\d{4}-\\d{2}-\\d{2}")) {
                try {
                    return LocalDate.parse(name.substring(5)).isBefore(cutoff);
                } catch (java.time.format.DateTimeParseException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
