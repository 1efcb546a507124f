package org.distillguard.features;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.distillguard.ingest.EventSchema;
import org.distillguard.testing.SparkTestSession;

/** Hand-built canonical events for feature tests: every column at a plain default, changed one call at a time. */
final class Events {

    private final List<Row> rows = new ArrayList<>();

    static Events create() {
        return new Events();
    }

    Event add(String account, String timestamp, String prompt) {
        Event event = new Event(account, timestamp, prompt);
        pending.add(event);
        return event;
    }

    private final List<Event> pending = new ArrayList<>();

    Dataset<Row> dataset() {
        rows.clear();
        for (Event event : pending) {
            rows.add(event.row());
        }
        return SparkTestSession.get().createDataFrame(rows, EventSchema.SCHEMA);
    }

    static final class Event {
        private final String account;
        private final String timestamp;
        private final String prompt;
        String system;
        String response = "ok";
        Double temperature;
        Integer n;
        Integer maxTokens;
        Boolean logprobs;
        Integer topLogprobs;
        String effort;
        int status = 200;
        int userTurns = 1;
        int assistantTurns;
        int toolCount;
        Long promptTokens = 10L;
        Long completionTokens = 20L;
        Long reasoningTokens;
        String network = "net-1";
        String userAgent = "ua-1";
        String apiKey = "key-1";
        String payment = "card-1";
        String country = "US";
        String created = "2026-11-01T00:00:00Z";
        Map<String, Integer> secrets = Map.of();

        Event(String account, String timestamp, String prompt) {
            this.account = account;
            this.timestamp = timestamp;
            this.prompt = prompt;
        }

        Event system(String value) { system = value; return this; }
        Event response(String value) { response = value; return this; }
        Event temperature(Double value) { temperature = value; return this; }
        Event n(Integer value) { n = value; return this; }
        Event maxTokens(Integer value) { maxTokens = value; return this; }
        Event logprobs(Boolean value, Integer top) { logprobs = value; topLogprobs = top; return this; }
        Event effort(String value) { effort = value; return this; }
        Event status(int value) { status = value; return this; }
        Event turns(int user, int assistant) { userTurns = user; assistantTurns = assistant; return this; }
        Event tools(int value) { toolCount = value; return this; }
        Event tokens(Long input, Long output, Long reasoning) { promptTokens = input; completionTokens = output; reasoningTokens = reasoning; return this; }
        Event network(String value) { network = value; return this; }
        Event userAgent(String value) { userAgent = value; return this; }
        Event apiKey(String value) { apiKey = value; return this; }
        Event created(String value) { created = value; return this; }
        Event secrets(Map<String, Integer> value) { secrets = value; return this; }

        Row row() {
            Instant instant = Instant.parse(timestamp);
            String date = timestamp.substring(0, 10);
            return RowFactory.create(
                    account + "-" + timestamp, Timestamp.from(instant), account, apiKey, "/v1/chat/completions", "model-a",
                    "ip", network, userAgent, country, payment, created == null ? null : Timestamp.from(Instant.parse(created)),
                    null, system, prompt == null ? "" : prompt, new Row[0], 1 + assistantTurns, userTurns, assistantTurns, 0,
                    temperature, null, n, maxTokens, logprobs, topLogprobs, null, null, null, toolCount, new String[0],
                    effort, status, response, "stop", 1, promptTokens, completionTokens, reasoningTokens, 100L,
                    scala.jdk.javaapi.CollectionConverters.asScala(secrets), false, "jsonl", "file", 1L, date);
        }
    }
}
