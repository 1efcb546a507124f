package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.distillguard.publish.CsvCells;

/**
 * The accounts analysts review on one morning, as many as they can (the capacity), riskiest first. Members of a
 * coordinated cluster stand together under the cluster, placed by their riskiest member, so an analyst judges a
 * cluster in one sitting; an account acting alone stands by itself. Only flagged accounts (tier review or watch) are
 * queued.
 *
 * @param entries the queue, in order, at most {@code capacity} rows
 * @param flagged flagged accounts in all, including those beyond the capacity
 * @param capacity the configured analyst capacity
 */
public record ReviewQueue(List<QueueEntry> entries, int flagged, int capacity) {

    /** Columns of {@code review_queue.csv}, in order; the JSON file uses the same names. */
    public static final List<String> COLUMNS = List.of("rank", "account_id", "risk_score", "tier", "reasons",
            "reasons_in_words", "cluster_id", "cluster_size", "days_flagged");
    /** Reasons spelled out per row. */
    public static final int REASONS_IN_WORDS = 3;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ReviewQueue {
        entries = List.copyOf(entries);
        if (capacity < 1) {
            throw new IllegalArgumentException("Invalid capacity: " + capacity + " (expected at least 1)");
        }
        if (entries.size() > capacity) {
            throw new IllegalArgumentException("Invalid queue: " + entries.size() + " rows exceed the capacity " + capacity);
        }
    }

    /**
     * Builds the day's queue.
     *
     * @param scores the day's scores, one per account
     * @param clusters the day's cluster memberships, when the coordination stage has run; without them, the cluster
     *     ids on the scores are used and a cluster's size is the number of scored accounts sharing the id
     * @param previousDaysFlags flagged account ids of the published days before this one, the day before first
     * @param capacity rows the analysts can review
     */
    public static ReviewQueue build(List<ScoredAccount> scores, Optional<List<ClusterMembership>> clusters,
            List<Set<String>> previousDaysFlags, int capacity) {
        requireNonNull(scores, "scores is null");
        requireNonNull(clusters, "clusters is null");
        requireNonNull(previousDaysFlags, "previousDaysFlags is null");
        if (capacity < 1) {
            throw new IllegalArgumentException("Cannot build the review queue: capacity " + capacity
                    + " is below 1 (set review.capacity to the number of accounts analysts review a day)");
        }
        Map<String, String> clusterOf = new HashMap<>();
        Map<String, Integer> sizeOf = new HashMap<>();
        if (clusters.isPresent()) {
            for (ClusterMembership member : clusters.get()) {
                clusterOf.put(member.accountId(), member.clusterId());
                sizeOf.merge(member.clusterId(), member.clusterSize(), Math::max);
            }
        } else {
            for (ScoredAccount account : scores) {
                if (account.clusterId() != null && !account.clusterId().isBlank()) {
                    clusterOf.put(account.accountId(), account.clusterId());
                    sizeOf.merge(account.clusterId(), 1, Integer::sum);
                }
            }
        }

        Comparator<ScoredAccount> riskiestFirst = Comparator.comparingDouble(ScoredAccount::riskScore).reversed()
                .thenComparing(ScoredAccount::accountId);
        // A unit is a cluster (key "c:" + id) or a lone account (key "a:" + id); members keep risk order.
        Map<String, List<ScoredAccount>> units = new LinkedHashMap<>();
        List<ScoredAccount> flaggedAccounts = scores.stream().filter(ScoredAccount::flagged).sorted(riskiestFirst).toList();
        for (ScoredAccount account : flaggedAccounts) {
            String cluster = clusterOf.get(account.accountId());
            String key = cluster != null ? "c:" + cluster : "a:" + account.accountId();
            units.computeIfAbsent(key, k -> new ArrayList<>()).add(account);
        }
        // Units are already in order of their riskiest member, because accounts were visited riskiest first.
        List<QueueEntry> entries = new ArrayList<>();
        for (List<ScoredAccount> unit : units.values()) {
            for (ScoredAccount account : unit) {
                if (entries.size() == capacity) {
                    return new ReviewQueue(entries, flaggedAccounts.size(), capacity);
                }
                String cluster = clusterOf.get(account.accountId());
                entries.add(new QueueEntry(entries.size() + 1, account.accountId(), account.riskScore(), account.tier(),
                        account.reasons(), ReasonWords.describe(account.reasons(), REASONS_IN_WORDS), cluster,
                        cluster == null ? 0 : sizeOf.getOrDefault(cluster, 1),
                        daysInARow(account.accountId(), previousDaysFlags)));
            }
        }
        return new ReviewQueue(entries, flaggedAccounts.size(), capacity);
    }

    /** Today plus each earlier published day, going back, on which the account was also flagged. */
    static int daysInARow(String accountId, List<Set<String>> previousDaysFlags) {
        int days = 1;
        for (Set<String> day : previousDaysFlags) {
            if (!day.contains(accountId)) {
                break;
            }
            days++;
        }
        return days;
    }

    public Optional<QueueEntry> entry(String accountId) {
        return entries.stream().filter(entry -> entry.accountId().equals(accountId)).findFirst();
    }

    /** {@code review_queue.csv}: a header and one row per entry, every cell safe to open in a spreadsheet. */
    public String toCsv() {
        StringBuilder out = new StringBuilder(CsvCells.row(COLUMNS));
        for (QueueEntry entry : entries) {
            out.append(CsvCells.row(List.of(Integer.toString(entry.rank()), entry.accountId(),
                    score(entry.riskScore()), entry.tier(), String.join(";", entry.reasons()),
                    entry.reasonsInWords(), entry.clusterId() == null ? "" : entry.clusterId(),
                    Integer.toString(entry.clusterSize()), Integer.toString(entry.daysFlagged()))));
        }
        return out.toString();
    }

    /** {@code review_queue.json}: the date, the model that scored it, the counts and the rows. */
    public String toJson(LocalDate date, String modelId) {
        ObjectNode root = JSON.createObjectNode();
        root.put("date", date.toString());
        root.put("model_id", modelId);
        root.put("capacity", capacity);
        root.put("flagged", flagged);
        ArrayNode rows = root.putArray("entries");
        for (QueueEntry entry : entries) {
            writeEntry(rows.addObject(), entry);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the review queue as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String score(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** One queue row as JSON: the same fields in review_queue.json and in the report's embedded queue. */
    static ObjectNode writeEntry(ObjectNode row, QueueEntry entry) {
        row.put("rank", entry.rank());
        row.put("account_id", entry.accountId());
        row.put("risk_score", entry.riskScore());
        row.put("tier", entry.tier());
        entry.reasons().forEach(row.putArray("reasons")::add);
        row.put("reasons_in_words", entry.reasonsInWords());
        row.put("cluster_id", entry.clusterId());
        row.put("cluster_size", entry.clusterSize());
        row.put("days_flagged", entry.daysFlagged());
        return row;
    }
}
