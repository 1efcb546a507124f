package org.distillguard.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.distillguard.coordination.TestAccounts.account;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.CoordinationConfig;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class ClusterScoringTest {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 23);

    private final SparkSession spark = SparkTestSession.get();
    private final CoordinationConfig config = CoordinationConfig.defaults();

    @Test
    void givenAHydraOfYoungAccountsAndAnOldCompanyOnOneCard_whenScored_thenOnlyTheHydraIsFlagged() {
        TestAccounts table = new TestAccounts();
        for (int i = 0; i < 8; i++) {
            table.add(account("hydra" + i).templates(1001L, 1002L).payments("pay_h" + (i % 2)).networks("net_h" + (i % 3))
                    .userAgents("scraper/0.3").createdDaysAgo(10 + i * 0.1).capabilities(1L << i)
                    .hours(TestAccounts.activeIn(3, 4, 5, 6)));
        }
        // A company: three old accounts on one card and one cloud network, created years apart.
        table.add(account("corp1").payments("pay_corp").networks("net_cloud").createdDaysAgo(900),
                account("corp2").payments("pay_corp").networks("net_cloud").createdDaysAgo(400),
                account("corp3").payments("pay_corp").networks("net_cloud").createdDaysAgo(30).templates(777L));
        table.add(account("loner").templates(1001L).createdDaysAgo(700));

        CoordinationJob.Outcome outcome = CoordinationJob.compute(table.build(spark), DATE, config);
        List<Row> members = outcome.output().members().collectAsList();
        List<Row> summary = outcome.output().summary().collectAsList();

        Map<String, Row> byAccount = new TreeMap<>();
        members.forEach(row -> byAccount.put(row.getString(row.fieldIndex(CoordinationColumns.ACCOUNT_ID)), row));
        Row hydra = byAccount.get("hydra0");
        assertThat(hydra.getLong(hydra.fieldIndex(CoordinationColumns.CLUSTER_SIZE))).isEqualTo(8);
        assertThat(hydra.getBoolean(hydra.fieldIndex(CoordinationColumns.CLUSTER_FLAGGED))).isTrue();
        assertThat(hydra.getDouble(hydra.fieldIndex(CoordinationColumns.CLUSTER_SCORE))).isBetween(config.score().flag(), 1.0);
        assertThat(hydra.<String>getList(hydra.fieldIndex(CoordinationColumns.CLUSTER_REASONS)))
                .anyMatch(reason -> reason.contains("share prompt templates"))
                .anyMatch(reason -> reason.contains("younger than 60 days"));
        for (int i = 1; i < 8; i++) {
            assertThat(byAccount.get("hydra" + i).getString(hydra.fieldIndex(CoordinationColumns.CLUSTER_ID)))
                    .isEqualTo(hydra.getString(hydra.fieldIndex(CoordinationColumns.CLUSTER_ID)));
        }
        assertThat(byAccount).doesNotContainKey("loner");
        if (byAccount.containsKey("corp1")) {
            Row corp = byAccount.get("corp1");
            assertThat(corp.getBoolean(corp.fieldIndex(CoordinationColumns.CLUSTER_FLAGGED))).isFalse();
        }

        Row hydraSummary = summary.stream().filter(row -> row.getLong(row.fieldIndex(CoordinationColumns.CLUSTER_SIZE)) == 8)
                .findFirst().orElseThrow();
        assertThat(hydraSummary.getLong(hydraSummary.fieldIndex(CoordinationColumns.CAPABILITY_COVERAGE))).isEqualTo(8);
        assertThat(hydraSummary.<String>getList(hydraSummary.fieldIndex(CoordinationColumns.MEMBERS))).hasSize(8);
        assertThat(hydraSummary.<String>getList(hydraSummary.fieldIndex(CoordinationColumns.SHARED_PAYMENTS)))
                .containsExactlyInAnyOrder("pay_h0", "pay_h1");
        assertThat(hydraSummary.<String>getList(hydraSummary.fieldIndex(CoordinationColumns.SHARED_USER_AGENTS)))
                .containsExactly("scraper/0.3");
        assertThat(hydraSummary.<String>getList(hydraSummary.fieldIndex(CoordinationColumns.SHARED_SKELETONS))).hasSize(2);
        assertThat(hydraSummary.<Long>getList(hydraSummary.fieldIndex(CoordinationColumns.CLUSTER_HOURS)).get(3)).isEqualTo(8L);
        assertThat(hydraSummary.getList(hydraSummary.fieldIndex(CoordinationColumns.HOURLY_TIMELINE))).hasSize(8);
        assertThat(hydraSummary.getDouble(hydraSummary.fieldIndex(CoordinationColumns.TEMPLATE_CONCENTRATION))).isEqualTo(0.5);
    }
}
