package org.distillguard.ingest;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical event: one API call after validation, redaction and pseudonymization. Column names are written here
 * once; every stage refers to these constants. Text columns hold redacted text only; identifier columns other than
 * {@code account_id} hold HMAC pseudonyms.
 */
public final class EventSchema {

    public static final String DATE = "date";
    public static final String REQUEST_ID = "request_id";
    public static final String TIMESTAMP = "timestamp";
    public static final String ACCOUNT_ID = "account_id";
    public static final String API_KEY = "api_key";
    public static final String ENDPOINT = "endpoint";
    public static final String MODEL = "model";
    public static final String CLIENT_IP = "client_ip";
    public static final String CLIENT_NETWORK = "client_network";
    public static final String USER_AGENT = "user_agent";
    public static final String COUNTRY = "country";
    public static final String PAYMENT_FINGERPRINT = "payment_fingerprint";
    public static final String ACCOUNT_CREATED_AT = "account_created_at";
    public static final String END_USER = "end_user";
    public static final String SYSTEM_PROMPT = "system_prompt";
    public static final String PROMPT = "prompt";
    public static final String MESSAGES = "messages";
    public static final String MESSAGE_ROLE = "role";
    public static final String MESSAGE_CONTENT = "content";
    public static final String MESSAGE_COUNT = "message_count";
    public static final String USER_TURNS = "user_turns";
    public static final String ASSISTANT_TURNS = "assistant_turns";
    public static final String TOOL_MESSAGES = "tool_messages";
    public static final String TEMPERATURE = "temperature";
    public static final String TOP_P = "top_p";
    public static final String N = "n";
    public static final String MAX_TOKENS = "max_tokens";
    public static final String LOGPROBS = "logprobs";
    public static final String TOP_LOGPROBS = "top_logprobs";
    public static final String STREAM = "stream";
    public static final String SEED = "seed";
    public static final String RESPONSE_FORMAT = "response_format";
    public static final String TOOL_COUNT = "tool_count";
    public static final String TOOL_NAMES = "tool_names";
    public static final String REASONING_EFFORT = "reasoning_effort";
    public static final String STATUS = "status";
    public static final String RESPONSE = "response";
    public static final String FINISH_REASON = "finish_reason";
    public static final String CHOICE_COUNT = "choice_count";
    public static final String PROMPT_TOKENS = "prompt_tokens";
    public static final String COMPLETION_TOKENS = "completion_tokens";
    public static final String REASONING_TOKENS = "reasoning_tokens";
    public static final String LATENCY_MS = "latency_ms";
    public static final String SECRET_COUNTS = "secret_counts";
    public static final String TEXT_TRUNCATED = "text_truncated";
    public static final String SOURCE_FORMAT = "source_format";
    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_LINE = "source_line";

    public static final StructType MESSAGE = createStructType(List.of(
            createStructField(MESSAGE_ROLE, StringType, true),
            createStructField(MESSAGE_CONTENT, StringType, true)));

    /** One column of the event: what it holds, for the schema and its documentation ({@code docs/events.md}). */
    public record Column(String name, DataType type, boolean nullable, String meaning) {}

    /** The columns in the order of the rows ingest builds; {@link #DATE} is the partition column and comes last. */
    public static final List<Column> COLUMNS = List.of(
            column(REQUEST_ID, StringType, false,
                    "the request id as logged; repeats of one id (gateway retries) are merged into one event"),
            column(TIMESTAMP, TimestampType, false,
                    "when the request arrived (UTC); LiteLLM: `startTime`"),
            column(ACCOUNT_ID, StringType, false,
                    "the account as logged (LiteLLM: `team_id`, else `user`, else `api_key`); its `acct_` pseudonym when `ingest.pseudonymize-account-id` is on"),
            column(API_KEY, StringType, true,
                    "`key_` pseudonym of `api_key_id` (LiteLLM: `api_key`)"),
            column(ENDPOINT, StringType, true,
                    "API path, e.g. `/v1/chat/completions`"),
            column(MODEL, StringType, true,
                    "model name as requested"),
            column(CLIENT_IP, StringType, true,
                    "`ip_` pseudonym of `client.ip`"),
            column(CLIENT_NETWORK, StringType, true,
                    "`net_` pseudonym of the client's /24 (IPv4) or /48 (IPv6) network"),
            column(USER_AGENT, StringType, true,
                    "`client.user_agent` as logged"),
            column(COUNTRY, StringType, true,
                    "`client.country` as logged"),
            column(PAYMENT_FINGERPRINT, StringType, true,
                    "`pay_` pseudonym of `billing.payment_fingerprint`"),
            column(ACCOUNT_CREATED_AT, TimestampType, true,
                    "`account.created_at` (UTC)"),
            column(END_USER, StringType, true,
                    "`user_` pseudonym of `request.user` (LiteLLM: `user` when `team_id` is set)"),
            column(SYSTEM_PROMPT, StringType, true,
                    "system and developer messages, redacted, joined by a newline"),
            column(PROMPT, StringType, false,
                    "the final user message (or the legacy `request.prompt`), redacted; empty when there is none"),
            column(MESSAGES, createArrayType(MESSAGE, false), false,
                    "the conversation in order, roles as logged, contents redacted; the final user message keeps its place with a null content, its text being the `prompt` column (stored once); a legacy `request.prompt` is not in this list"),
            column(MESSAGE_COUNT, IntegerType, false,
                    "messages in `request.messages`"),
            column(USER_TURNS, IntegerType, false,
                    "user messages (1 for a legacy prompt alone)"),
            column(ASSISTANT_TURNS, IntegerType, false,
                    "assistant messages"),
            column(TOOL_MESSAGES, IntegerType, false,
                    "tool and function messages"),
            column(TEMPERATURE, DoubleType, true,
                    "`request.temperature`"),
            column(TOP_P, DoubleType, true,
                    "`request.top_p`"),
            column(N, IntegerType, true,
                    "`request.n` (1 to 128)"),
            column(MAX_TOKENS, IntegerType, true,
                    "`request.max_tokens` or `request.max_completion_tokens`"),
            column(LOGPROBS, BooleanType, true,
                    "`request.logprobs`"),
            column(TOP_LOGPROBS, IntegerType, true,
                    "`request.top_logprobs` (0 to 20)"),
            column(STREAM, BooleanType, true,
                    "`request.stream`"),
            column(SEED, LongType, true,
                    "`request.seed`"),
            column(RESPONSE_FORMAT, StringType, true,
                    "`request.response_format.type` (or the value itself when it is a string), e.g. `json_object`"),
            column(TOOL_COUNT, IntegerType, false,
                    "tools offered in `request.tools`"),
            column(TOOL_NAMES, createArrayType(StringType, false), false,
                    "names of the offered tools"),
            column(REASONING_EFFORT, StringType, true,
                    "`request.reasoning_effort`"),
            column(STATUS, IntegerType, false,
                    "HTTP status of the response (LiteLLM: `success` is 200, `failure` 500)"),
            column(RESPONSE, StringType, true,
                    "text of the first choice, redacted"),
            column(FINISH_REASON, StringType, true,
                    "finish reason of the first choice"),
            column(CHOICE_COUNT, IntegerType, false,
                    "choices returned"),
            column(PROMPT_TOKENS, LongType, true,
                    "`response.usage.prompt_tokens`"),
            column(COMPLETION_TOKENS, LongType, true,
                    "`response.usage.completion_tokens`"),
            column(REASONING_TOKENS, LongType, true,
                    "`response.usage.reasoning_tokens` or `response.usage.completion_tokens_details.reasoning_tokens`"),
            column(LATENCY_MS, LongType, true,
                    "`latency_ms` (LiteLLM: `endTime` minus `startTime`)"),
            column(SECRET_COUNTS, createMapType(StringType, IntegerType, false), false,
                    "secrets and personal data redacted from this event's texts, by kind"),
            column(TEXT_TRUNCATED, BooleanType, false,
                    "whether a text was cut at `ingest.max-text-chars` after redaction"),
            column(SOURCE_FORMAT, StringType, false,
                    "`request-log` (the input contract) or `litellm`"),
            column(SOURCE_FILE, StringType, false,
                    "input file the event came from"),
            column(SOURCE_LINE, LongType, false,
                    "line of the input file (CSV: the record's first line; Parquet: row number from 1)"),
            column(DATE, StringType, false,
                    "UTC day of `timestamp` (`yyyy-MM-dd`), the partition folder `date=…`"));

    public static final StructType SCHEMA = createStructType(COLUMNS.stream()
            .map(column -> createStructField(column.name(), column.type(), column.nullable())).toList());

    private EventSchema() {}

    private static Column column(String name, DataType type, boolean nullable, String meaning) {
        return new Column(name, type, nullable, meaning);
    }

    /** The events' column reference, {@code docs/events.md}, generated from {@link #COLUMNS}. */
    public static String markdown() {
        StringBuilder out = new StringBuilder("""
                # Events

                Generated from `org.distillguard.ingest.EventSchema` — do not edit by hand. Regenerate with
                `mvn -B -q -o -pl lib test -Dtest=EventSchemaTest -Ddistillguard.regenerate=events`.

                `distillguard ingest` writes one row per API call to `events/date=yyyy-MM-dd/` as Parquet (zstd). Texts are
                redacted (secrets and personal data replaced by `[REDACTED:<kind>]`, see [audit.md](audit.md)); identifiers
                other than `account_id` are keyed HMAC-SHA256 pseudonyms (`<namespace>_` and 20 hex characters), never the
                logged values. Input field names are those of the input contract, `request-log.md`.

                | column | type | nullable | meaning |
                |---|---|---|---|
                """);
        for (Column column : COLUMNS) {
            out.append("| `").append(column.name()).append("` | `").append(column.type().simpleString()).append("` | ")
                    .append(column.nullable() ? "yes" : "no").append(" | ").append(column.meaning()).append(" |\n");
        }
        return out.toString();
    }

    /**
     * Checks that a Dataset has every column a stage needs, before any work, naming the first missing one.
     */
    public static void requireColumns(StructType actual, String stage, String... columns) {
        List<String> names = List.of(actual.fieldNames());
        for (String column : columns) {
            if (!names.contains(column)) {
                throw new IllegalArgumentException("Cannot run " + stage + ": input does not include column " + column
                        + " (found: " + String.join(", ", names) + ")");
            }
        }
    }

    /**
     * The events under {@code dir} (ingest's {@code events/} folder), read with this schema. The {@link #DATE}
     * partition stays the string it is in the folder names: left to inference it became a date that every stage cast
     * back to a string row by row (1.6% of the feature pass's samples were that formatting).
     */
    public static Dataset<Row> read(SparkSession spark, String dir) {
        return spark.read().schema(SCHEMA).parquet(dir);
    }
}
