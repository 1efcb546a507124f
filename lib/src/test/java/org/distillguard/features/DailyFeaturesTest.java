package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.config.FeatureConfig;
import org.junit.jupiter.api.Test;

class DailyFeaturesTest {

    private final FeatureConfig config = FeatureConfig.defaults();

    private Map<String, Row> compute(Events events) {
        Map<String, Row> rows = new HashMap<>();
        for (Row row : DailyFeatures.compute(events.dataset(), config).collectAsList()) {
            rows.put(row.getAs("account_id"), row);
        }
        return rows;
    }

    @Test
    void givenTheSameEventsSplitDifferently_thenEveryFeatureIsTheSame() {
        // Enough distinct prompts that the HyperLogLog sketches leave their exact modes, and a temperature that no sum
        // of doubles represents exactly: merged partial sketches and sums must not show through in the features.
        Events events = Events.create();
        for (int i = 0; i < 6_000; i++) {
            String time = java.time.Instant.parse("2026-11-24T00:00:00Z").plusSeconds(i * 13L).toString();
            events.add("steady", time, "Translate item " + (i % 4_500) + " into French").temperature(0.7)
                    .network("net-" + (i % 700)).userAgent("ua-" + (i % 3));
            events.add("varied", time, "Question " + i % 5).temperature(i % 2 == 0 ? 0.2 : 0.9);
        }
        // Three hundred templates seen once each, forty networks seen equally often: more equally frequent items than
        // the evidence keeps.
        for (int i = 0; i < 300; i++) {
            String time = java.time.Instant.parse("2026-11-24T00:00:00Z").plusSeconds(i * 97L).toString();
            events.add("diverse", time, word(i) + " " + word(i + 7) + " " + word(i * 3 + 1) + " please").network("n-" + i % 40);
        }
        Dataset<Row> all = events.dataset();
        List<Row> one = DailyFeatures.compute(all.repartition(1), config).orderBy("account_id").collectAsList();
        List<Row> many = DailyFeatures.compute(all.repartition(7), config).orderBy("account_id").collectAsList();
        List<Row> evidenceOne = DailyFeatures.computeAll(all.repartition(1), config).evidence()
                .drop(DailyState.TEMPLATE_SKELETONS).orderBy("account_id").collectAsList();
        List<Row> evidenceMany = DailyFeatures.computeAll(all.repartition(7), config).evidence()
                .drop(DailyState.TEMPLATE_SKELETONS).orderBy("account_id").collectAsList();
        assertThat(evidenceMany).isEqualTo(evidenceOne);
        Row diverse = evidenceOne.get(0);
        assertThat(diverse.getList(diverse.fieldIndex(DailyState.TOP_TEMPLATES))).hasSize(config.evidenceTemplates());
        assertThat(diverse.getList(diverse.fieldIndex(DailyState.CLIENT_NETWORKS))).hasSize(config.evidenceSetSize());

        // Sums of doubles (lexical entropy is a sum over prompts) may differ in their last bits with the order of
        // addition; every other value, the distinct counts and a fixed temperature's spread included, must be equal.
        assertThat(many).hasSameSizeAs(one);
        for (int row = 0; row < one.size(); row++) {
            for (int field = 0; field < one.get(row).size(); field++) {
                Object expected = one.get(row).get(field);
                Object actual = many.get(row).get(field);
                String name = one.get(row).schema().fieldNames()[field];
                if (expected instanceof Double value && value != 0.0) {
                    assertThat((Double) actual).as(name).isCloseTo(value, within(Math.abs(value) * 1e-9));
                } else {
                    assertThat(actual).as(name).isEqualTo(expected);
                }
            }
        }
        Row steady = one.get(1);
        assertThat(steady.<String>getAs("account_id")).isEqualTo("steady");
        assertThat((Double) steady.getAs(FeatureCatalog.TEMPERATURE_STDDEV)).isEqualTo(0.0);
        assertThat((Double) steady.getAs(FeatureCatalog.EXACT_DUPLICATE_RATIO)).isCloseTo(0.25, within(0.02));
        assertThat((Long) steady.getAs(FeatureCatalog.DISTINCT_NETWORKS)).isCloseTo(700L, within(14L));
        assertThat(one.get(2).<String>getAs("account_id")).isEqualTo("varied");
        assertThat((Double) one.get(2).getAs(FeatureCatalog.TEMPERATURE_STDDEV)).isCloseTo(0.35, within(1e-9));
    }

    /** A word of letters only (digits would be masked out of templates), different for every n. */
    private static String word(int n) {
        StringBuilder word = new StringBuilder();
        do {
            word.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return word.append("o").toString();
    }

    @Test
    void givenOneRequestEveryHour_thenTheAccountLooksTwentyFourSeven() {
        Events events = Events.create();
        for (int h = 0; h < 24; h++) {
            events.add("bot", String.format("2026-11-24T%02d:30:00Z", h), "Classify: \"item " + h + "\"");
        }
        Row bot = compute(events).get("bot");
        assertThat((Long) bot.getAs(FeatureCatalog.REQUESTS)).isEqualTo(24L);
        assertThat((Integer) bot.getAs(FeatureCatalog.ACTIVE_HOURS)).isEqualTo(24);
        // Flat over 24 hours: log2(24) bits; the quietest 8-hour block holds 8 of 24 requests.
        assertThat((Double) bot.getAs(FeatureCatalog.HOUR_ENTROPY)).isCloseTo(Math.log(24) / Math.log(2), within(1e-9));
        assertThat((Double) bot.getAs(FeatureCatalog.OFF_HOURS_SHARE)).isCloseTo(8.0 / 24, within(1e-9));
        // Gaps of exactly 60 minutes: mean 3600 s, CV 0, 59 idle minutes between requests.
        assertThat((Double) bot.getAs(FeatureCatalog.INTER_ARRIVAL_MEAN_SECONDS)).isEqualTo(3600.0);
        assertThat((Double) bot.getAs(FeatureCatalog.INTER_ARRIVAL_CV)).isCloseTo(0.0, within(1e-9));
        assertThat((Long) bot.getAs(FeatureCatalog.LONGEST_IDLE_GAP_MINUTES)).isEqualTo(59L);
        assertThat((Long) bot.getAs(FeatureCatalog.PEAK_REQUESTS_PER_MINUTE)).isEqualTo(1L);
        // One template, all prompts share it; the quoted slot differs so no exact duplicate.
        assertThat((Double) bot.getAs(FeatureCatalog.TEMPLATE_SHARE)).isEqualTo(1.0);
        assertThat((Integer) bot.getAs(FeatureCatalog.DISTINCT_TEMPLATES)).isEqualTo(1);
        assertThat((Double) bot.getAs(FeatureCatalog.EXACT_DUPLICATE_RATIO)).isEqualTo(0.0);
    }

    @Test
    void givenASingleRequest_thenRatiosAreDefinedAndTimingIsNull() {
        Events events = Events.create();
        events.add("one", "2026-11-24T20:15:00Z", "Hello there");
        Row one = compute(events).get("one");
        assertThat((Long) one.getAs(FeatureCatalog.REQUESTS)).isEqualTo(1L);
        assertThat((Object) one.getAs(FeatureCatalog.INTER_ARRIVAL_MEAN_SECONDS)).isNull();
        assertThat((Object) one.getAs(FeatureCatalog.INTER_ARRIVAL_CV)).isNull();
        assertThat((Double) one.getAs(FeatureCatalog.HOUR_ENTROPY)).isEqualTo(0.0);
        assertThat((Double) one.getAs(FeatureCatalog.OFF_HOURS_SHARE)).isEqualTo(0.0);
        assertThat((Double) one.getAs(FeatureCatalog.OUTPUT_INPUT_RATIO)).isEqualTo(2.0);
        assertThat((Object) one.getAs(FeatureCatalog.TEMPERATURE_STDDEV)).isNull();
        assertThat((Object) one.getAs(FeatureCatalog.TOP_LOGPROBS_MEAN)).isNull();
        assertThat((Object) one.getAs(FeatureCatalog.SYSTEM_PROMPT_UNIFORMITY)).isNull();
        assertThat((Long) one.getAs(FeatureCatalog.DAYS_ACTIVE)).isEqualTo(1L);
    }

    @Test
    void givenSamplingParameters_thenHarvestingSharesFollowThem() {
        Events events = Events.create();
        events.add("h", "2026-11-24T10:00:00Z", "Q1").logprobs(true, 20).n(4).temperature(0.0).maxTokens(8000);
        events.add("h", "2026-11-24T10:00:01Z", "Q1").logprobs(true, 10).n(4).temperature(1.0).maxTokens(8192);
        events.add("h", "2026-11-24T10:00:02Z", "Q2").logprobs(false, null).n(null).temperature(null).maxTokens(100);
        events.add("h", "2026-11-24T10:00:03Z", "").status(429).turns(2, 1).effort("high");
        Row h = compute(events).get("h");
        assertThat((Double) h.getAs(FeatureCatalog.LOGPROBS_SHARE)).isEqualTo(0.5);
        assertThat((Double) h.getAs(FeatureCatalog.TOP_LOGPROBS_MEAN)).isEqualTo(15.0);
        assertThat((Double) h.getAs(FeatureCatalog.MULTI_COMPLETION_SHARE)).isEqualTo(0.5);
        assertThat((Double) h.getAs(FeatureCatalog.COMPLETIONS_MEAN)).isEqualTo((4 + 4 + 1 + 1) / 4.0);
        assertThat((Double) h.getAs(FeatureCatalog.TEMPERATURE_STDDEV)).isCloseTo(0.5, within(1e-12)); // {0, 1}
        assertThat((Long) h.getAs(FeatureCatalog.DISTINCT_TEMPERATURES)).isEqualTo(2L);
        // 0.9 * 8192 = 7372.8, so 8000 and 8192 are near the limit.
        assertThat((Double) h.getAs(FeatureCatalog.MAX_TOKENS_NEAR_LIMIT_SHARE)).isEqualTo(0.5);
        assertThat((Double) h.getAs(FeatureCatalog.RATE_LIMITED_SHARE)).isEqualTo(0.25);
        assertThat((Double) h.getAs(FeatureCatalog.SINGLE_TURN_SHARE)).isEqualTo(0.75);
        assertThat((Double) h.getAs(FeatureCatalog.REASONING_EFFORT_HIGH_SHARE)).isEqualTo(0.25);
        assertThat((Double) h.getAs(FeatureCatalog.EMPTY_PROMPT_SHARE)).isEqualTo(0.25);
        // Q1 twice: 3 distinct prompts of 4.
        assertThat((Double) h.getAs(FeatureCatalog.EXACT_DUPLICATE_RATIO)).isEqualTo(0.25);
        assertThat((Long) h.getAs(FeatureCatalog.PEAK_REQUESTS_PER_MINUTE)).isEqualTo(4L);
    }

    @Test
    void givenInfrastructureAndContent_thenCountsAndSharesFollow() {
        Events events = Events.create();
        events.add("i", "2026-11-24T08:00:00Z", "Explain your reasoning step by step: why is the sky blue?")
                .network("n1").userAgent("u1").apiKey("k1").system("You are terse.").secrets(Map.of("openai", 2));
        events.add("i", "2026-11-24T09:00:00Z", "Réfléchis étape par étape : combien font 2 et 2 ?")
                .network("n2").userAgent("u1").apiKey("k2").system("You are terse.");
        events.add("i", "2026-11-24T09:30:00Z", "Translate into French: good morning")
                .network("n3").userAgent("u2").apiKey("k2").system("Other.").tokens(null, null, 7L).created(null);
        Row i = compute(events).get("i");
        assertThat((Long) i.getAs(FeatureCatalog.DISTINCT_NETWORKS)).isEqualTo(3L);
        assertThat((Long) i.getAs(FeatureCatalog.DISTINCT_USER_AGENTS)).isEqualTo(2L);
        assertThat((Long) i.getAs(FeatureCatalog.DISTINCT_API_KEYS)).isEqualTo(2L);
        assertThat((Long) i.getAs(FeatureCatalog.REDACTED_SECRETS)).isEqualTo(2L);
        assertThat((Double) i.getAs(FeatureCatalog.SECRET_SHARE)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat((Double) i.getAs(FeatureCatalog.SYSTEM_PROMPT_UNIFORMITY)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat((Double) i.getAs(FeatureCatalog.COT_SHARE)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat((Integer) i.getAs(FeatureCatalog.COT_LANGUAGE_COUNT)).isEqualTo(2); // en, fr
        assertThat((Integer) i.getAs(FeatureCatalog.LANGUAGE_COUNT)).isEqualTo(2); // en, fr
        assertThat((Long) i.getAs(FeatureCatalog.INPUT_TOKENS)).isEqualTo(20L); // a missing count is 0
        assertThat((Long) i.getAs(FeatureCatalog.REASONING_TOKENS)).isEqualTo(7L);
        // Account created 2026-11-01T00:00Z (two rows); age at the end of 2026-11-24 is 24 days.
        assertThat((Double) i.getAs(FeatureCatalog.ACCOUNT_AGE_DAYS)).isEqualTo(24.0);
    }

    @Test
    void givenMoreRequestsWithoutASystemPromptThanWithTheCommonestOne_thenUniformityCountsOnlySystemPrompts() {
        // Spark's frequent-items estimate lists the requests without a system prompt as a null item; three of them
        // outnumber each system prompt, and read as the "commonest" one gave 3 / 2 = 1.5.
        Events events = Events.create();
        events.add("u", "2026-11-24T08:00:00Z", "a").system("You are terse.");
        events.add("u", "2026-11-24T08:01:00Z", "b").system("You are verbose.");
        events.add("u", "2026-11-24T08:02:00Z", "c");
        events.add("u", "2026-11-24T08:03:00Z", "d");
        events.add("u", "2026-11-24T08:04:00Z", "e");
        Row u = compute(events).get("u");
        assertThat((Double) u.getAs(FeatureCatalog.SYSTEM_PROMPT_UNIFORMITY)).isEqualTo(0.5);
    }

    @Test
    void givenEventsWithoutAColumn_thenTheErrorNamesIt() {
        Events events = Events.create();
        events.add("a", "2026-11-24T08:00:00Z", "x");
        Dataset<Row> missing = events.dataset().drop("client_network");
        assertThatThrownBy(() -> DailyFeatures.compute(missing, config))
                .hasMessageContaining("Cannot run features: input does not include column client_network");
    }
}
