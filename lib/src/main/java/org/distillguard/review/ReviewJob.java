package org.distillguard.review;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.distillguard.config.ReviewConfig;
import org.distillguard.ingest.EventSchema;
import org.distillguard.nightly.Warehouse;
import org.distillguard.publish.Directories;

/**
 * Builds the analysts' view of one published date: {@code review/review_queue.csv}, {@code review/review_queue.json}
 * and {@code review/report.html} inside {@code WAREHOUSE/published/date=D/}. Reads scores (required) and whatever
 * else is published (events, features, evidence, clusters); collects only per-account summaries of the accounts in
 * the queue, never the night's events.
 */
public final class ReviewJob {

    /** Published days looked back for "days flagged in a row". */
    public static final int LOOKBACK_DAYS = 30;
    /** Flagged accounts collected per night; counts beyond it come from aggregates. */
    public static final int MAX_FLAGGED_COLLECTED = 50_000;
    /** Members of clusters with a flagged account collected per night at most. */
    public static final int MAX_MEMBERS_COLLECTED = 100_000;
    private static final String FLAGGED_CLUSTER = "_flagged_cluster";
    /** Features shown per account: those farthest from the median. */
    public static final int FEATURES_SHOWN = 8;
    /** Features compared against the population at most. */
    public static final int FEATURES_COMPARED = 40;
    /** Items per evidence list (skeletons, user agents, files, linked accounts). */
    public static final int LIST_ITEMS = 8;
    /** Cluster sections at most. */
    public static final int CLUSTER_SECTIONS = 50;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String HOUR = "hour";
    private static final String BUCKET = "bucket";
    private static final String REQUESTS = "requests";
    private static final String FIRST_SEEN = "first_seen";
    private static final String ORDER = "order";

    /** What a run wrote. */
    public record ReviewResult(LocalDate date, String folder, int queued, long flagged, int accountSections,
            int clusterSections, String modelId) {
        public ReviewResult {
            requireNonNull(date, "date is null");
            requireNonNull(folder, "folder is null");
        }
    }

    private ReviewJob() {}

    /** Builds the review of the newest published date. */
    public static ReviewResult runLatest(SparkSession spark, Warehouse warehouse, ReviewConfig config) {
        List<LocalDate> dates = warehouse.publishedDates();
        if (dates.isEmpty()) {
            throw new IllegalStateException("Cannot build the review: no date is published in " + warehouse.root()
                    + " (run distillguard nightly first)");
        }
        return run(spark, warehouse, dates.get(dates.size() - 1), config);
    }

    /** The review folder of a published date: the queue and the report. */
    public static Path folder(Warehouse warehouse, LocalDate date) {
        return new Path(warehouse.published(date), ReviewTables.REVIEW_DIR);
    }

    /** Whether the published date has its review report. */
    public static boolean hasReport(Warehouse warehouse, LocalDate date) {
        return warehouse.exists(new Path(folder(warehouse, date), ReviewTables.REPORT_HTML));
    }

    public static ReviewResult run(SparkSession spark, Warehouse warehouse, LocalDate date, ReviewConfig config) {
        ReviewReport report = build(spark, warehouse, date, config);
        Path folder = folder(warehouse, date);
        write(warehouse, new Path(folder, ReviewTables.QUEUE_CSV), report.queue().toCsv());
        write(warehouse, new Path(folder, ReviewTables.QUEUE_JSON), report.queue().toJson(date, report.model().modelId()));
        write(warehouse, new Path(folder, ReviewTables.REPORT_HTML), ReportHtml.render(report, config.maxNoteChars()));
        Directories.restrictToOwner(warehouse.hadoop(), folder.toString());
        return new ReviewResult(date, folder.toString(), report.queue().entries().size(), report.summary().flagged(),
                report.accounts().size(), report.clusters().size(), report.model().modelId());
    }

    /** Reads the published outputs of {@code date} and assembles the report, without writing anything. */
    public static ReviewReport build(SparkSession spark, Warehouse warehouse, LocalDate date, ReviewConfig config) {
        if (!warehouse.isPublished(date)) {
            throw new IllegalStateException("Cannot build the review for " + date + ": the date is not published in "
                    + warehouse.root() + " (run distillguard nightly for it first)");
        }
        PublishedTables tables = new PublishedTables(warehouse);
        Dataset<Row> scores = scores(tables, spark, date).orElseThrow(() -> new IllegalStateException(
                "Cannot build the review for " + date + ": no scores are published for it (expected "
                        + ReviewTables.SCORES.candidates() + " under " + warehouse.published(date) + ")"));
        JsonNode manifest = manifest(warehouse, date);

        Map<String, Long> tiers = new TreeMap<>();
        for (Row row : scores.groupBy(col(ReviewTables.TIER)).agg(count(lit(1))).collectAsList()) {
            tiers.put(row.isNullAt(0) ? "" : row.getString(0), row.getLong(1));
        }
        long scored = tiers.values().stream().mapToLong(Long::longValue).sum();
        long inReview = tiers.getOrDefault(ReviewTables.TIER_REVIEW, 0L);
        long watched = tiers.getOrDefault(ReviewTables.TIER_WATCH, 0L);
        List<ScoredAccount> flagged = flaggedAccounts(scores);
        Set<String> flaggedIds = new HashSet<>();
        flagged.forEach(account -> flaggedIds.add(account.accountId()));

        // Previous nights: the flags of each, going back until none of tonight's flagged accounts was flagged.
        List<LocalDate> earlier = warehouse.publishedDates().stream().filter(day -> day.isBefore(date))
                .sorted(Comparator.reverseOrder()).limit(LOOKBACK_DAYS).toList();
        List<Set<String>> previousFlags = new ArrayList<>();
        for (LocalDate day : earlier) {
            Optional<Dataset<Row>> dayScores = scores(tables, spark, day);
            Set<String> ids = dayScores.map(ReviewJob::flaggedIds).orElse(Set.of());
            previousFlags.add(ids);
            if (ids.stream().noneMatch(flaggedIds::contains)) {
                break;
            }
        }
        Optional<LocalDate> previousDate = earlier.isEmpty() ? Optional.empty() : Optional.of(earlier.get(0));
        Set<String> lastNight = previousFlags.isEmpty() ? Set.of() : previousFlags.get(0);
        int newFlags = (int) flaggedIds.stream().filter(id -> !lastNight.contains(id)).count();
        int cleared = (int) lastNight.stream().filter(id -> !flaggedIds.contains(id)).count();

        Optional<List<ClusterMembership>> memberships = memberships(tables, spark, date, scores);
        ReviewQueue queue = ReviewQueue.build(flagged, memberships, previousFlags, config.capacity());

        // Which accounts and clusters get sections, and whose evidence to collect.
        List<String> sectionAccounts = queue.entries().stream().limit(config.accountSections())
                .map(QueueEntry::accountId).toList();
        List<String> queuedClusters = queue.entries().stream().map(QueueEntry::clusterId).filter(id -> id != null)
                .distinct().limit(CLUSTER_SECTIONS).toList();
        Map<String, List<ClusterMembership>> members = new LinkedHashMap<>();
        memberships.orElse(List.of()).stream().filter(member -> queuedClusters.contains(member.clusterId()))
                .sorted(Comparator.comparing(ClusterMembership::accountId))
                .forEach(member -> members.computeIfAbsent(member.clusterId(), id -> new ArrayList<>()).add(member));
        Set<String> evidenceAccounts = new LinkedHashSet<>(sectionAccounts);
        members.values().forEach(list -> list.forEach(member -> evidenceAccounts.add(member.accountId())));

        Map<String, String> explanations = new HashMap<>();
        flagged.forEach(account -> {
            if (account.explanation() != null) {
                explanations.put(account.accountId(), account.explanation());
            }
        });
        Optional<Dataset<Row>> events = tables.read(spark, ReviewTables.EVENTS, date)
                .map(rows -> rows.where(col(EventSchema.ACCOUNT_ID).isin(evidenceAccounts.toArray())));
        Map<String, List<Long>> hourly = events.map(ReviewJob::hourly).orElse(Map.of());
        Map<String, List<Long>> promptTokens = events.map(rows -> tokens(rows, EventSchema.PROMPT_TOKENS)).orElse(Map.of());
        Map<String, List<Long>> completionTokens = events.map(rows -> tokens(rows, EventSchema.COMPLETION_TOKENS)).orElse(Map.of());
        Map<String, List<String>> snippets = events.map(rows -> snippets(rows, sectionAccounts, config)).orElse(Map.of());
        Map<String, List<String>> userAgents = events.map(rows -> topValues(rows, EventSchema.USER_AGENT)).orElse(Map.of());
        Map<String, List<String>> sourceFiles = events.map(rows -> topValues(rows, EventSchema.SOURCE_FILE)).orElse(Map.of());
        Map<String, List<String>> skeletons = tables.read(spark, ReviewTables.EVIDENCE, date)
                .map(rows -> skeletons(rows, evidenceAccounts)).orElse(Map.of());
        Map<String, List<FeaturePercentile>> features = tables.read(spark, ReviewTables.FEATURES, date)
                .map(rows -> percentiles(rows, sectionAccounts)).orElse(Map.of());

        Map<String, String> clusterOf = new HashMap<>();
        members.forEach((cluster, list) -> list.forEach(member -> clusterOf.put(member.accountId(), cluster)));
        List<AccountEvidence> accounts = new ArrayList<>();
        for (String account : sectionAccounts) {
            String cluster = clusterOf.get(account);
            List<String> linked = cluster == null ? List.of() : members.get(cluster).stream()
                    .map(ClusterMembership::accountId).filter(id -> !id.equals(account)).limit(LIST_ITEMS * 3L).toList();
            accounts.add(new AccountEvidence(account, explanations.get(account),
                    hourly.getOrDefault(account, zeros(AccountEvidence.HOURS)), features.getOrDefault(account, List.of()),
                    promptTokens.getOrDefault(account, List.of()), completionTokens.getOrDefault(account, List.of()),
                    ReportHtml.limit(skeletons.getOrDefault(account, List.of()), LIST_ITEMS)
                            .stream().map(text -> ReportHtml.snippet(text, config.snippetChars())).toList(),
                    snippets.getOrDefault(account, List.of()),
                    userAgents.getOrDefault(account, List.of()), sourceFiles.getOrDefault(account, List.of()), linked));
        }

        Map<String, Row> summaries = tables.read(spark, ReviewTables.CLUSTER_SUMMARY, date)
                .filter(rows -> PublishedTables.has(rows, ReviewTables.CLUSTER_ID))
                .map(rows -> clusterSummaries(rows, queuedClusters)).orElse(Map.of());
        Map<String, Set<String>> infrastructure = events.map(ReviewJob::infrastructure).orElse(Map.of());
        List<ClusterEvidence> clusters = new ArrayList<>();
        for (Map.Entry<String, List<ClusterMembership>> cluster : members.entrySet()) {
            List<String> ids = cluster.getValue().stream().map(ClusterMembership::accountId).toList();
            ClusterMembership first = cluster.getValue().get(0);
            Row summary = summaries.get(cluster.getKey());
            List<String> sharedSkeletons = summary != null && has(summary, ReviewTables.SHARED_SKELETONS)
                    ? strings(summary, ReviewTables.SHARED_SKELETONS) : shared(ids, skeletons);
            List<String> sharedInfrastructure = summary != null && has(summary, ReviewTables.SHARED_INFRASTRUCTURE)
                    ? strings(summary, ReviewTables.SHARED_INFRASTRUCTURE) : shared(ids, infrastructureLists(infrastructure));
            Map<String, List<Long>> memberHourly = new LinkedHashMap<>();
            ids.forEach(id -> memberHourly.put(id, hourly.getOrDefault(id, zeros(AccountEvidence.HOURS))));
            clusters.add(new ClusterEvidence(cluster.getKey(), first.clusterSize(), first.clusterScore(), first.clusterReasons(),
                    ids, ReportHtml.limit(sharedSkeletons, LIST_ITEMS).stream()
                            .map(text -> ReportHtml.snippet(text, config.snippetChars())).toList(),
                    ReportHtml.limit(sharedInfrastructure, LIST_ITEMS * 2), memberHourly));
        }

        Map<String, Long> quarantined = new TreeMap<>();
        manifest.path("quarantined").fields().forEachRemaining(entry -> quarantined.put(entry.getKey(), entry.getValue().asLong()));
        NightSummary summary = new NightSummary(date, manifest.path("records").asLong(), manifest.path("events").asLong(),
                manifest.path("duplicates").asLong(), manifest.path("quarantinedTotal").asLong(), quarantined, scored,
                inReview + watched, inReview, watched, flaggedClusters(memberships, flaggedIds),
                previousDate, lastNight.size(), newFlags, cleared);
        return new ReviewReport(summary, model(warehouse, scores, manifest), queue, accounts, clusters);
    }

    private static int flaggedClusters(Optional<List<ClusterMembership>> memberships, Set<String> flaggedIds) {
        return (int) memberships.orElse(List.of()).stream().filter(member -> flaggedIds.contains(member.accountId()))
                .map(ClusterMembership::clusterId).distinct().count();
    }

    /** The scores of a date with the columns the review uses, in fixed types; reasons may be an array or "a;b". */
    static Optional<Dataset<Row>> scores(PublishedTables tables, SparkSession spark, LocalDate date) {
        return tables.read(spark, ReviewTables.SCORES, date).map(rows -> {
            EventSchema.requireColumns(rows.schema(), "the review (scores)", ReviewTables.ACCOUNT_ID,
                    ReviewTables.RISK_SCORE, ReviewTables.TIER);
            List<String> names = Arrays.asList(rows.columns());
            Column reasons = !names.contains(ReviewTables.REASONS) ? lit(null).cast("array<string>")
                    : rows.schema().apply(ReviewTables.REASONS).dataType() instanceof ArrayType
                            ? col(ReviewTables.REASONS).cast("array<string>")
                            : split(col(ReviewTables.REASONS).cast("string"), ";");
            return rows.select(col(ReviewTables.ACCOUNT_ID).cast("string").as(ReviewTables.ACCOUNT_ID),
                    col(ReviewTables.RISK_SCORE).cast("double").as(ReviewTables.RISK_SCORE),
                    col(ReviewTables.TIER).cast("string").as(ReviewTables.TIER),
                    reasons.as(ReviewTables.REASONS),
                    optional(names, ReviewTables.CLUSTER_ID), optional(names, ReviewTables.EXPLANATION),
                    optional(names, ReviewTables.MODEL_ID));
        });
    }

    private static Column optional(List<String> names, String column) {
        return (names.contains(column) ? col(column).cast("string") : lit(null).cast("string")).as(column);
    }

    private static Column flaggedTier() {
        return col(ReviewTables.TIER).isin(ReviewTables.TIER_REVIEW, ReviewTables.TIER_WATCH);
    }

    private static List<ScoredAccount> flaggedAccounts(Dataset<Row> scores) {
        List<ScoredAccount> flagged = new ArrayList<>();
        for (Row row : scores.where(flaggedTier()).orderBy(col(ReviewTables.RISK_SCORE).desc(), col(ReviewTables.ACCOUNT_ID))
                .limit(MAX_FLAGGED_COLLECTED).collectAsList()) {
            flagged.add(new ScoredAccount(row.getString(0), row.isNullAt(1) ? 0.0 : row.getDouble(1), row.getString(2),
                    row.isNullAt(3) ? List.of() : row.getList(3), row.getString(4), row.getString(5)));
        }
        return flagged;
    }

    private static Set<String> flaggedIds(Dataset<Row> scores) {
        Set<String> ids = new HashSet<>();
        scores.where(flaggedTier()).select(ReviewTables.ACCOUNT_ID).limit(MAX_FLAGGED_COLLECTED).collectAsList()
                .forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    /** Cluster memberships: the clusters table when published, else the cluster ids on the scores. */
    private static Optional<List<ClusterMembership>> memberships(PublishedTables tables, SparkSession spark, LocalDate date,
            Dataset<Row> scores) {
        Optional<Dataset<Row>> clusters = tables.read(spark, ReviewTables.CLUSTERS, date)
                .filter(rows -> PublishedTables.has(rows, ReviewTables.ACCOUNT_ID, ReviewTables.CLUSTER_ID));
        List<ClusterMembership> list = new ArrayList<>();
        if (clusters.isPresent()) {
            Dataset<Row> rows = clusters.get();
            List<String> names = Arrays.asList(rows.columns());
            Column size = names.contains(ReviewTables.CLUSTER_SIZE) ? col(ReviewTables.CLUSTER_SIZE).cast("int")
                    : count(lit(1)).over(Window.partitionBy(ReviewTables.CLUSTER_ID)).cast("int");
            Column score = names.contains(ReviewTables.CLUSTER_SCORE) ? col(ReviewTables.CLUSTER_SCORE).cast("double") : lit(0.0);
            Column reasons = !names.contains(ReviewTables.CLUSTER_REASONS) ? lit(null).cast("array<string>")
                    : rows.schema().apply(ReviewTables.CLUSTER_REASONS).dataType() instanceof ArrayType
                            ? col(ReviewTables.CLUSTER_REASONS).cast("array<string>")
                            : split(col(ReviewTables.CLUSTER_REASONS).cast("string"), ";");
            // Only clusters with a flagged member matter to the queue and its sections, and the driver takes at most
            // a fixed number of member rows, so its memory does not grow with the number of clustered accounts.
            Dataset<Row> all = rows.where(col(ReviewTables.CLUSTER_ID).isNotNull())
                    .select(col(ReviewTables.ACCOUNT_ID).cast("string").as(ReviewTables.ACCOUNT_ID),
                            col(ReviewTables.CLUSTER_ID).cast("string").as(ReviewTables.CLUSTER_ID),
                            size.as(ReviewTables.CLUSTER_SIZE), coalesce(score, lit(0.0)).as(ReviewTables.CLUSTER_SCORE),
                            reasons.as(ReviewTables.CLUSTER_REASONS));
            Dataset<Row> withFlagged = all.join(scores.where(flaggedTier()).select(ReviewTables.ACCOUNT_ID), ReviewTables.ACCOUNT_ID)
                    .select(col(ReviewTables.CLUSTER_ID).as(FLAGGED_CLUSTER)).distinct();
            for (Row row : all.join(withFlagged, col(ReviewTables.CLUSTER_ID).equalTo(col(FLAGGED_CLUSTER)), "left_semi")
                    .orderBy(col(ReviewTables.CLUSTER_SCORE).desc(), col(ReviewTables.CLUSTER_ID), col(ReviewTables.ACCOUNT_ID))
                    .limit(MAX_MEMBERS_COLLECTED).collectAsList()) {
                list.add(new ClusterMembership(row.getString(0), row.getString(1), row.isNullAt(2) ? 1 : Math.max(1, row.getInt(2)),
                        row.getDouble(3), row.isNullAt(4) ? List.of() : row.getList(4)));
            }
            return Optional.of(list);
        }
        List<Row> rows = scores.where(col(ReviewTables.CLUSTER_ID).isNotNull().and(col(ReviewTables.CLUSTER_ID).notEqual("")))
                .select(col(ReviewTables.ACCOUNT_ID), col(ReviewTables.CLUSTER_ID),
                        count(lit(1)).over(Window.partitionBy(ReviewTables.CLUSTER_ID)).cast("int"))
                .collectAsList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        rows.forEach(row -> list.add(new ClusterMembership(row.getString(0), row.getString(1), row.getInt(2), 0.0, List.of())));
        return Optional.of(list);
    }

    private static Map<String, List<Long>> hourly(Dataset<Row> events) {
        Map<String, List<Long>> result = new HashMap<>();
        for (Row row : events.groupBy(col(EventSchema.ACCOUNT_ID), hour(col(EventSchema.TIMESTAMP)).as(HOUR))
                .agg(count(lit(1)).as(REQUESTS)).collectAsList()) {
            List<Long> hours = result.computeIfAbsent(row.getString(0), id -> zeros(AccountEvidence.HOURS));
            hours.set(row.getInt(1), row.getLong(2));
        }
        return result;
    }

    private static Map<String, List<Long>> tokens(Dataset<Row> events, String column) {
        Map<String, List<Long>> result = new HashMap<>();
        for (Row row : events.where(col(column).isNotNull())
                .groupBy(col(EventSchema.ACCOUNT_ID), floor(log2(col(column).plus(1))).cast("int").as(BUCKET))
                .agg(count(lit(1)).as(REQUESTS)).collectAsList()) {
            List<Long> buckets = result.computeIfAbsent(row.getString(0), id -> zeros(AccountEvidence.TOKEN_BUCKETS));
            int bucket = Math.max(0, Math.min(AccountEvidence.TOKEN_BUCKETS - 1, row.isNullAt(1) ? 0 : row.getInt(1)));
            buckets.set(bucket, buckets.get(bucket) + row.getLong(2));
        }
        return result;
    }

    /** The first distinct prompts of each section account, in the order they were first sent, shortened. */
    private static Map<String, List<String>> snippets(Dataset<Row> events, List<String> accounts, ReviewConfig config) {
        Map<String, List<String>> result = new HashMap<>();
        if (config.snippetsPerAccount() == 0 || accounts.isEmpty()) {
            return result;
        }
        Dataset<Row> distinct = events.where(col(EventSchema.ACCOUNT_ID).isin(accounts.toArray()))
                .groupBy(col(EventSchema.ACCOUNT_ID), col(EventSchema.PROMPT)).agg(min(col(EventSchema.TIMESTAMP)).as(FIRST_SEEN));
        Dataset<Row> first = distinct.withColumn(ORDER, row_number().over(Window.partitionBy(EventSchema.ACCOUNT_ID)
                        .orderBy(col(FIRST_SEEN), col(EventSchema.PROMPT))))
                .where(col(ORDER).leq(config.snippetsPerAccount()))
                .select(col(EventSchema.ACCOUNT_ID), col(EventSchema.PROMPT).substr(1, config.snippetChars() * 4), col(ORDER))
                .orderBy(col(EventSchema.ACCOUNT_ID), col(ORDER));
        for (Row row : first.collectAsList()) {
            result.computeIfAbsent(row.getString(0), id -> new ArrayList<>()).add(ReportHtml.snippet(row.getString(1), config.snippetChars()));
        }
        return result;
    }

    /** The most used values of a column per account. */
    private static Map<String, List<String>> topValues(Dataset<Row> events, String column) {
        Map<String, List<String>> result = new HashMap<>();
        if (!PublishedTables.has(events, column)) {
            return result;
        }
        for (Row row : events.where(col(column).isNotNull()).groupBy(col(EventSchema.ACCOUNT_ID), col(column))
                .agg(count(lit(1)).as(REQUESTS)).orderBy(col(EventSchema.ACCOUNT_ID), col(REQUESTS).desc(), col(column))
                .collectAsList()) {
            List<String> values = result.computeIfAbsent(row.getString(0), id -> new ArrayList<>());
            if (values.size() < LIST_ITEMS) {
                values.add(ReportHtml.snippet(row.getString(1), 200));
            }
        }
        return result;
    }

    /** Pseudonymized infrastructure per account: networks, payment fingerprints, API keys, and user agents. */
    private static Map<String, Set<String>> infrastructure(Dataset<Row> events) {
        Map<String, Set<String>> result = new HashMap<>();
        for (String column : List.of(EventSchema.CLIENT_NETWORK, EventSchema.PAYMENT_FINGERPRINT, EventSchema.USER_AGENT)) {
            if (!PublishedTables.has(events, column)) {
                continue;
            }
            for (Row row : events.where(col(column).isNotNull()).select(col(EventSchema.ACCOUNT_ID), col(column).cast("string"))
                    .distinct().limit(100_000).collectAsList()) {
                result.computeIfAbsent(row.getString(0), id -> new LinkedHashSet<>()).add(column + " " + row.getString(1));
            }
        }
        return result;
    }

    private static Map<String, List<String>> infrastructureLists(Map<String, Set<String>> infrastructure) {
        Map<String, List<String>> lists = new HashMap<>();
        infrastructure.forEach((account, values) -> lists.put(account, new ArrayList<>(values)));
        return lists;
    }

    /** Values that at least two of {@code accounts} have, most shared first. */
    static List<String> shared(Collection<String> accounts, Map<String, List<String>> valuesByAccount) {
        Map<String, Integer> holders = new TreeMap<>();
        for (String account : accounts) {
            for (String value : new LinkedHashSet<>(valuesByAccount.getOrDefault(account, List.of()))) {
                holders.merge(value, 1, Integer::sum);
            }
        }
        return holders.entrySet().stream().filter(entry -> entry.getValue() >= 2)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    private static Map<String, List<String>> skeletons(Dataset<Row> evidence, Set<String> accounts) {
        Map<String, List<String>> result = new HashMap<>();
        if (!PublishedTables.has(evidence, ReviewTables.ACCOUNT_ID, ReviewTables.TEMPLATE_SKELETONS) || accounts.isEmpty()) {
            return result;
        }
        DataType type = evidence.schema().apply(ReviewTables.TEMPLATE_SKELETONS).dataType();
        Column skeletons;
        if (type instanceof ArrayType array && array.elementType() == DataTypes.StringType) {
            skeletons = col(ReviewTables.TEMPLATE_SKELETONS);
        } else if (type == DataTypes.StringType) {
            skeletons = split(col(ReviewTables.TEMPLATE_SKELETONS), "\n");
        } else {
            return result; // a shape this review does not know yet: no skeletons rather than a failed report
        }
        for (Row row : evidence.where(col(ReviewTables.ACCOUNT_ID).isin(accounts.toArray()))
                .select(col(ReviewTables.ACCOUNT_ID), skeletons).collectAsList()) {
            if (!row.isNullAt(1)) {
                List<String> list = result.computeIfAbsent(row.getString(0), id -> new ArrayList<>());
                for (Object skeleton : row.getList(1)) {
                    if (skeleton != null && !list.contains(skeleton.toString())) {
                        list.add(skeleton.toString());
                    }
                }
            }
        }
        return result;
    }

    /** Numeric features of the section accounts with their percentile among every account of the night. */
    private static Map<String, List<FeaturePercentile>> percentiles(Dataset<Row> features, List<String> accounts) {
        Map<String, List<FeaturePercentile>> result = new HashMap<>();
        if (!PublishedTables.has(features, ReviewTables.ACCOUNT_ID) || accounts.isEmpty()) {
            return result;
        }
        List<String> numeric = new ArrayList<>();
        for (StructField field : features.schema().fields()) {
            if (field.dataType() instanceof NumericType && !field.name().equals(ReviewTables.DATE) && numeric.size() < FEATURES_COMPARED) {
                numeric.add(field.name());
            }
        }
        if (numeric.isEmpty()) {
            return result;
        }
        double[] probabilities = new double[101];
        for (int i = 0; i <= 100; i++) {
            probabilities[i] = i / 100.0;
        }
        Dataset<Row> doubles = features.select(numeric.stream().map(name -> col(name).cast("double").as(name)).toArray(Column[]::new));
        double[][] quantiles = doubles.stat().approxQuantile(numeric.toArray(String[]::new), probabilities, 0.001);
        List<Column> selected = new ArrayList<>();
        selected.add(col(ReviewTables.ACCOUNT_ID));
        numeric.forEach(name -> selected.add(col(name).cast("double")));
        for (Row row : features.where(col(ReviewTables.ACCOUNT_ID).isin(accounts.toArray())).select(selected.toArray(Column[]::new))
                .collectAsList()) {
            List<FeaturePercentile> list = new ArrayList<>();
            for (int i = 0; i < numeric.size(); i++) {
                if (row.isNullAt(i + 1) || quantiles[i].length != probabilities.length || Double.isNaN(row.getDouble(i + 1))) {
                    continue;
                }
                list.add(new FeaturePercentile(numeric.get(i), row.getDouble(i + 1), percentile(quantiles[i], row.getDouble(i + 1))));
            }
            list.sort(Comparator.comparingDouble((FeaturePercentile feature) -> -Math.abs(feature.percentile() - 50))
                    .thenComparing(FeaturePercentile::feature));
            result.put(row.getString(0), List.copyOf(list.subList(0, Math.min(FEATURES_SHOWN, list.size()))));
        }
        return result;
    }

    /** Where {@code value} falls among the population's percentiles 0..100: midpoint of the run of equal quantiles. */
    static double percentile(double[] quantiles, double value) {
        int below = 0;
        int equal = 0;
        for (double quantile : quantiles) {
            if (quantile < value) {
                below++;
            } else if (quantile == value) {
                equal++;
            }
        }
        double position = below + equal / 2.0;
        return Math.max(0, Math.min(100, position * 100.0 / quantiles.length));
    }

    private static Map<String, Row> clusterSummaries(Dataset<Row> summary, List<String> clusters) {
        Map<String, Row> result = new HashMap<>();
        if (clusters.isEmpty()) {
            return result;
        }
        for (Row row : summary.where(col(ReviewTables.CLUSTER_ID).cast("string").isin(clusters.toArray())).collectAsList()) {
            result.put(String.valueOf(row.get(row.fieldIndex(ReviewTables.CLUSTER_ID))), row);
        }
        return result;
    }

    private static boolean has(Row row, String column) {
        return Arrays.asList(row.schema().fieldNames()).contains(column) && !row.isNullAt(row.fieldIndex(column));
    }

    /** A list-of-strings or string column of a row as strings; anything else as its text. */
    private static List<String> strings(Row row, String column) {
        Object value = row.get(row.fieldIndex(column));
        List<String> out = new ArrayList<>();
        if (value instanceof scala.collection.Seq<?> seq) {
            scala.jdk.javaapi.CollectionConverters.asJava(seq).forEach(item -> out.add(String.valueOf(item)));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> out.add(String.valueOf(item)));
        } else if (value != null) {
            out.addAll(Arrays.asList(value.toString().split("\n")));
        }
        return out;
    }

    private static ModelInfo model(Warehouse warehouse, Dataset<Row> scores, JsonNode manifest) {
        String modelId = null;
        List<Row> ids = scores.where(col(ReviewTables.MODEL_ID).isNotNull()).select(ReviewTables.MODEL_ID).limit(1).collectAsList();
        if (!ids.isEmpty()) {
            modelId = ids.get(0).getString(0);
        } else if (manifest.hasNonNull("modelId")) {
            modelId = manifest.get("modelId").asText();
        }
        if (modelId == null || modelId.isBlank()) {
            return new ModelInfo(ModelInfo.NONE, Map.of());
        }
        Map<String, Double> metrics = new TreeMap<>();
        if (SAFE_MODEL_ID.matcher(modelId).matches()) {
            Path file = new Path(new Path(warehouse.models(), modelId), "metrics.json");
            try {
                FileSystem fileSystem = file.getFileSystem(warehouse.hadoop());
                if (fileSystem.exists(file)) {
                    try (InputStream in = fileSystem.open(file)) {
                        collectMetrics(JSON.readTree(in), "", metrics, 0);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the model's metrics " + file + ": " + e.getMessage(), e);
            }
        }
        return new ModelInfo(modelId, metrics);
    }

    private static void collectMetrics(JsonNode node, String prefix, Map<String, Double> metrics, int depth) {
        node.fields().forEachRemaining(entry -> {
            if (metrics.size() >= 16) {
                return;
            }
            if (entry.getValue().isNumber()) {
                metrics.put(prefix + entry.getKey(), entry.getValue().asDouble());
            } else if (entry.getValue().isObject() && depth < 1) {
                collectMetrics(entry.getValue(), prefix + entry.getKey() + ".", metrics, depth + 1);
            }
        });
    }

    private static JsonNode manifest(Warehouse warehouse, LocalDate date) {
        Path file = new Path(warehouse.published(date), Warehouse.MANIFEST);
        try {
            FileSystem fileSystem = file.getFileSystem(warehouse.hadoop());
            if (!fileSystem.exists(file)) {
                return JSON.createObjectNode();
            }
            try (InputStream in = fileSystem.open(file)) {
                return JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Long> zeros(int size) {
        return new ArrayList<>(java.util.Collections.nCopies(size, 0L));
    }

    /** Writes a whole file beside its target, then moves it into place. */
    private static void write(Warehouse warehouse, Path target, String text) {
        Directories.writeFile(warehouse.hadoop(), target, text.getBytes(StandardCharsets.UTF_8));
    }
}
