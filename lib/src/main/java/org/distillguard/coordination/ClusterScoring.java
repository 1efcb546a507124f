package org.distillguard.coordination;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.distillguard.config.CoordinationConfig;
import org.distillguard.config.CoordinationConfig.ScoreWeights;
import org.distillguard.ingest.EventSchema;

/**
 * Cluster features, the cluster score and the analysts' evidence. The score is a weighted mean of six terms in
 * [0, 1] (size, shared templates, infrastructure overlap, youth, sign-up tightness, timing synchrony; see
 * {@code docs/coordination.md}); reasons name the terms that reached 0.5. Every member inherits its cluster's
 * features, score and reasons.
 */
public final class ClusterScoring {

    /** The two output tables: one row per member, one row per cluster. */
    public record Output(Dataset<Row> members, Dataset<Row> summary) {
        public Output {
            java.util.Objects.requireNonNull(members, "members is null");
            java.util.Objects.requireNonNull(summary, "summary is null");
        }
    }

    private static final String SEEN = "seen";
    private static final String ITEM = "item";
    private static final String ITEM_MEMBERS = "item_members";
    private static final String RANK = "rank";
    private static final String TEMPLATE_FLAG = "template_flag";
    private static final String INFRASTRUCTURE_FLAG = "infrastructure_flag";

    private ClusterScoring() {}

    /**
     * @param accounts the account table ({@link AccountTable})
     * @param labels component labels of the linked accounts ({@code account_id}, {@code label})
     * @param edges the edges, with their {@code e_<type>} strengths and {@code hour_cosine}
     */
    public static Output score(Dataset<Row> accounts, Dataset<Row> labels, Dataset<Row> edges, String date,
            CoordinationConfig config) {
        EventSchema.requireColumns(labels.schema(), "cluster scoring", CoordinationColumns.ACCOUNT_ID, CoordinationColumns.LABEL);
        EventSchema.requireColumns(edges.schema(), "cluster scoring", CoordinationColumns.SOURCE,
                CoordinationColumns.DESTINATION, CoordinationColumns.HOUR_COSINE, EdgeType.TEMPLATE.strengthColumn());
        EventSchema.requireColumns(accounts.schema(), "cluster scoring", CoordinationColumns.ACCOUNT_ID,
                CoordinationColumns.REQUESTS, CoordinationColumns.TOKENS, CoordinationColumns.ACCOUNT_AGE_DAYS,
                CoordinationColumns.CREATED_SECONDS, CoordinationColumns.CAPABILITY_MASK, CoordinationColumns.TOP_TEMPLATES,
                CoordinationColumns.HOURS);
        ScoreWeights weights = config.score();
        Dataset<Row> clusterIds = labels.withColumn(CoordinationColumns.CLUSTER_ID,
                concat(lit("cl_"), substring(sha2(concat(lit(date + "/"), col(CoordinationColumns.LABEL)), 256), 1, 16)));

        // Per-member edge evidence: degree, and which evidence families touched the member.
        Column templateEvidence = col(EdgeType.TEMPLATE.strengthColumn()).gt(0)
                .or(col(EdgeType.NEAR_DUPLICATE.strengthColumn()).gt(0));
        Column infrastructureEvidence = col(EdgeType.NETWORK.strengthColumn()).gt(0)
                .or(col(EdgeType.PAYMENT.strengthColumn()).gt(0)).or(col(EdgeType.USER_AGENT.strengthColumn()).gt(0));
        List<Column> typeNames = new ArrayList<>();
        for (EdgeType type : EdgeType.values()) {
            typeNames.add(when(col(type.strengthColumn()).gt(0), lit(type.column())));
        }
        Dataset<Row> flagged = edges.select(col(CoordinationColumns.SOURCE), col(CoordinationColumns.DESTINATION),
                templateEvidence.as(TEMPLATE_FLAG), infrastructureEvidence.as(INFRASTRUCTURE_FLAG),
                array(typeNames.toArray(Column[]::new)).as(CoordinationColumns.EDGE_TYPE));
        Dataset<Row> ends = flagged.select(col(CoordinationColumns.SOURCE).as(CoordinationColumns.ACCOUNT_ID), col(TEMPLATE_FLAG),
                        col(INFRASTRUCTURE_FLAG), col(CoordinationColumns.EDGE_TYPE))
                .union(flagged.select(col(CoordinationColumns.DESTINATION).as(CoordinationColumns.ACCOUNT_ID), col(TEMPLATE_FLAG),
                        col(INFRASTRUCTURE_FLAG), col(CoordinationColumns.EDGE_TYPE)));
        Dataset<Row> memberEdges = ends.groupBy(col(CoordinationColumns.ACCOUNT_ID)).agg(
                count(lit(1)).as(CoordinationColumns.MEMBER_EDGES),
                max(col(TEMPLATE_FLAG).cast("int")).as(TEMPLATE_FLAG),
                max(col(INFRASTRUCTURE_FLAG).cast("int")).as(INFRASTRUCTURE_FLAG),
                expr("array_sort(array_distinct(filter(flatten(collect_list(" + CoordinationColumns.EDGE_TYPE
                        + ")), x -> x is not null)))").as(CoordinationColumns.MEMBER_EVIDENCE));

        Dataset<Row> members = accounts.join(clusterIds, CoordinationColumns.ACCOUNT_ID)
                .join(memberEdges, CoordinationColumns.ACCOUNT_ID)
                .localCheckpoint(true);

        // Edge-level cluster features: edges, synchrony, counts per edge type.
        Dataset<Row> edgeClusters = edges.join(clusterIds.select(col(CoordinationColumns.ACCOUNT_ID).as(CoordinationColumns.SOURCE),
                col(CoordinationColumns.CLUSTER_ID)), CoordinationColumns.SOURCE);
        List<Column> edgeAggregates = new ArrayList<>();
        // Averaged over whole nanounits: sums of doubles depend on the order Spark meets the edges in, and a re-run
        // must publish the very same clusters; these integer sums are exact in any order.
        edgeAggregates.add(avg(round(col(CoordinationColumns.HOUR_COSINE).multiply(1e9)).cast("long")).divide(1e9)
                .as(CoordinationColumns.TIMING_SYNCHRONY));
        List<Column> typeKeys = new ArrayList<>();
        List<Column> typeCounts = new ArrayList<>();
        for (EdgeType type : EdgeType.values()) {
            typeKeys.add(lit(type.column()));
            typeCounts.add(sum(when(col(type.strengthColumn()).gt(0), 1L).otherwise(0L)));
        }
        edgeAggregates.add(map_from_arrays(array(typeKeys.toArray(Column[]::new)), array(typeCounts.toArray(Column[]::new)))
                .as(CoordinationColumns.EDGE_TYPE_COUNTS));
        Dataset<Row> edgeFeatures = edgeClusters.groupBy(col(CoordinationColumns.CLUSTER_ID))
                .agg(count(lit(1)).as(CoordinationColumns.EDGES), edgeAggregates.toArray(Column[]::new));

        // Template concentration: share of the cluster's requests in its most used template fingerprint.
        Dataset<Row> templateTotals = members.select(col(CoordinationColumns.CLUSTER_ID),
                        explode(col(CoordinationColumns.TOP_TEMPLATES)).as(ITEM))
                .groupBy(col(CoordinationColumns.CLUSTER_ID), col(ITEM + ".item"))
                .agg(sum(col(ITEM + ".count")).as(ITEM_MEMBERS))
                .groupBy(col(CoordinationColumns.CLUSTER_ID)).agg(max(col(ITEM_MEMBERS)).as(CoordinationColumns.TEMPLATE_CONCENTRATION));

        Dataset<Row> clusters = members.groupBy(col(CoordinationColumns.CLUSTER_ID)).agg(
                        count(lit(1)).as(CoordinationColumns.CLUSTER_SIZE),
                        slice(array_sort(collect_list(col(CoordinationColumns.ACCOUNT_ID))), 1, config.summaryMembers())
                                .as(CoordinationColumns.MEMBERS),
                        sum(col(CoordinationColumns.REQUESTS)).as(CoordinationColumns.TOTAL_REQUESTS),
                        sum(col(CoordinationColumns.TOKENS)).as(CoordinationColumns.TOTAL_TOKENS),
                        avg(col(TEMPLATE_FLAG).cast("double")).as(CoordinationColumns.SHARED_TEMPLATE_SHARE),
                        avg(col(INFRASTRUCTURE_FLAG).cast("double")).as(CoordinationColumns.INFRASTRUCTURE_OVERLAP),
                        expr("cast(bit_count(bit_or(" + CoordinationColumns.CAPABILITY_MASK + ")) as long)").as(CoordinationColumns.CAPABILITY_COVERAGE),
                        avg(when(col(CoordinationColumns.ACCOUNT_AGE_DAYS).lt(weights.youngAccountDays()), 1.0).otherwise(0.0))
                                .as(CoordinationColumns.YOUNG_SHARE),
                        percentile_approx(col(CoordinationColumns.ACCOUNT_AGE_DAYS), lit(0.5), lit(1000))
                                .as(CoordinationColumns.MEDIAN_ACCOUNT_AGE_DAYS),
                        max(col(CoordinationColumns.CREATED_SECONDS)).minus(min(col(CoordinationColumns.CREATED_SECONDS)))
                                .divide(86_400.0).as(CoordinationColumns.CREATION_SPREAD_DAYS),
                        slice(array_sort(collect_list(struct(col(CoordinationColumns.ACCOUNT_ID), col(CoordinationColumns.HOURS)))),
                                1, config.summaryMembers()).as(CoordinationColumns.HOURLY_TIMELINE),
                        clusterHours().as(CoordinationColumns.CLUSTER_HOURS))
                .join(edgeFeatures, CoordinationColumns.CLUSTER_ID)
                .join(templateTotals, CoordinationColumns.CLUSTER_ID, "left")
                .withColumn(CoordinationColumns.TEMPLATE_CONCENTRATION, coalesce(col(CoordinationColumns.TEMPLATE_CONCENTRATION)
                        .divide(greatest(col(CoordinationColumns.TOTAL_REQUESTS), lit(1L))), lit(0.0)));
        // Read twice below (summary and member rows): materialised without its plan.
        clusters = withScore(clusters, weights).localCheckpoint(true);

        Dataset<Row> summary = clusters.join(sharedItems(members, config), CoordinationColumns.CLUSTER_ID, "left")
                .withColumn(CoordinationColumns.DATE, lit(date));
        List<String> inherited = new ArrayList<>(List.of(CoordinationColumns.CLUSTER_ID, CoordinationColumns.CLUSTER_SIZE,
                CoordinationColumns.CLUSTER_SCORE, CoordinationColumns.CLUSTER_FLAGGED, CoordinationColumns.CLUSTER_REASONS,
                CoordinationColumns.TOTAL_REQUESTS, CoordinationColumns.SHARED_TEMPLATE_SHARE,
                CoordinationColumns.TEMPLATE_CONCENTRATION, CoordinationColumns.CAPABILITY_COVERAGE,
                CoordinationColumns.TIMING_SYNCHRONY, CoordinationColumns.INFRASTRUCTURE_OVERLAP,
                CoordinationColumns.YOUNG_SHARE, CoordinationColumns.CREATION_SPREAD_DAYS));
        Dataset<Row> memberRows = members.select(col(CoordinationColumns.ACCOUNT_ID), col(CoordinationColumns.CLUSTER_ID),
                        col(CoordinationColumns.MEMBER_EDGES), col(CoordinationColumns.MEMBER_EVIDENCE))
                .join(clusters.select(inherited.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)),
                        CoordinationColumns.CLUSTER_ID)
                .withColumn(CoordinationColumns.DATE, lit(date));
        List<Column> memberOrder = new ArrayList<>(List.of(col(CoordinationColumns.ACCOUNT_ID), col(CoordinationColumns.DATE)));
        inherited.forEach(name -> memberOrder.add(col(name)));
        memberOrder.add(col(CoordinationColumns.MEMBER_EDGES));
        memberOrder.add(col(CoordinationColumns.MEMBER_EVIDENCE));
        return new Output(memberRows.select(memberOrder.toArray(Column[]::new)), summary);
    }

    /** Adds the score terms' weighted mean ({@code cluster_score}), the flag and the reasons. */
    static Dataset<Row> withScore(Dataset<Row> clusters, ScoreWeights weights) {
        Column sizeTerm = least(lit(1.0), log(col(CoordinationColumns.CLUSTER_SIZE).cast("double")).divide(Math.log(weights.sizeSaturation())));
        Column creationTerm = coalesce(greatest(lit(0.0), lit(1.0).minus(col(CoordinationColumns.CREATION_SPREAD_DAYS)
                .divide(weights.creationSpreadDays()))), lit(0.0));
        Column synchronyTerm = coalesce(greatest(lit(0.0), col(CoordinationColumns.TIMING_SYNCHRONY)), lit(0.0));
        double total = weights.size() + weights.sharedTemplates() + weights.infrastructure() + weights.youth()
                + weights.creation() + weights.synchrony();
        Column score = sizeTerm.multiply(weights.size())
                .plus(col(CoordinationColumns.SHARED_TEMPLATE_SHARE).multiply(weights.sharedTemplates()))
                .plus(col(CoordinationColumns.INFRASTRUCTURE_OVERLAP).multiply(weights.infrastructure()))
                .plus(col(CoordinationColumns.YOUNG_SHARE).multiply(weights.youth()))
                .plus(creationTerm.multiply(weights.creation()))
                .plus(synchronyTerm.multiply(weights.synchrony()))
                .divide(total);
        Column reasons = org.apache.spark.sql.functions.filter(array(
                reason(sizeTerm, concat(col(CoordinationColumns.CLUSTER_SIZE).cast("string"), lit(" linked accounts"))),
                reason(col(CoordinationColumns.SHARED_TEMPLATE_SHARE), concat(percent(CoordinationColumns.SHARED_TEMPLATE_SHARE),
                        lit(" of members share prompt templates or near-duplicate prompts"))),
                reason(col(CoordinationColumns.INFRASTRUCTURE_OVERLAP), concat(percent(CoordinationColumns.INFRASTRUCTURE_OVERLAP),
                        lit(" of members share rare networks, cards or user agents"))),
                reason(col(CoordinationColumns.YOUNG_SHARE), concat(percent(CoordinationColumns.YOUNG_SHARE),
                        lit(" of members younger than " + weights.youngAccountDays() + " days"))),
                reason(creationTerm, concat(lit("sign-ups within "), format_number(col(CoordinationColumns.CREATION_SPREAD_DAYS), 1),
                        lit(" days"))),
                reason(synchronyTerm, concat(lit("hourly activity cosine "), format_number(col(CoordinationColumns.TIMING_SYNCHRONY), 2),
                        lit(" across links")))), Column::isNotNull);
        return clusters
                .withColumn(CoordinationColumns.CLUSTER_SCORE, round(score, 4))
                .withColumn(CoordinationColumns.CLUSTER_FLAGGED, col(CoordinationColumns.CLUSTER_SCORE).geq(weights.flag()))
                .withColumn(CoordinationColumns.CLUSTER_REASONS, reasons);
    }

    /** Per cluster, the skeletons, networks, user agents and cards held by at least two members, most shared first. */
    private static Dataset<Row> sharedItems(Dataset<Row> members, CoordinationConfig config) {
        List<String[]> families = List.of(
                new String[] {CoordinationColumns.SKELETONS, CoordinationColumns.SHARED_SKELETONS},
                new String[] {CoordinationColumns.NETWORKS, CoordinationColumns.SHARED_NETWORKS},
                new String[] {CoordinationColumns.USER_AGENTS, CoordinationColumns.SHARED_USER_AGENTS},
                new String[] {CoordinationColumns.PAYMENTS, CoordinationColumns.SHARED_PAYMENTS});
        Dataset<Row> exploded = null;
        for (String[] family : families) {
            Dataset<Row> part = members.select(col(CoordinationColumns.CLUSTER_ID), lit(family[1]).as(SEEN),
                    explode(col(family[0])).as(ITEM));
            exploded = exploded == null ? part : exploded.unionAll(part);
        }
        Column item = when(col(SEEN).equalTo(CoordinationColumns.SHARED_SKELETONS),
                substring(col(ITEM), 1, config.summarySkeletonChars())).otherwise(col(ITEM));
        Dataset<Row> ranked = exploded.groupBy(col(CoordinationColumns.CLUSTER_ID), col(SEEN), col(ITEM))
                .agg(count(lit(1)).as(ITEM_MEMBERS))
                .where(col(ITEM_MEMBERS).geq(2))
                .withColumn(RANK, row_number().over(Window.partitionBy(col(CoordinationColumns.CLUSTER_ID), col(SEEN))
                        .orderBy(col(ITEM_MEMBERS).desc(), col(ITEM))))
                .where(col(RANK).leq(config.summaryKeys()))
                .withColumn(ITEM, item);
        List<Column> aggregates = new ArrayList<>();
        for (String[] family : families) {
            aggregates.add(expr("transform(array_sort(collect_list(if(" + SEEN + " = '" + family[1] + "', named_struct('r', "
                    + RANK + ", 'v', " + ITEM + "), null))), x -> x.v)").as(family[1]));
        }
        return ranked.groupBy(col(CoordinationColumns.CLUSTER_ID))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
    }

    private static Column reason(Column term, Column text) {
        return when(term.geq(0.5), text);
    }

    private static Column clusterHours() {
        Column[] hours = new Column[24];
        for (int h = 0; h < 24; h++) {
            hours[h] = sum(coalesce(org.apache.spark.sql.functions.element_at(col(CoordinationColumns.HOURS), h + 1), lit(0.0)))
                    .cast("long");
        }
        return array(hours);
    }

    private static Column percent(String column) {
        return concat(round(col(column).multiply(100), 0).cast("long").cast("string"), lit("%"));
    }
}
