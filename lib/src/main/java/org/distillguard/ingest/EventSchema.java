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
import org.apache.spark.sql.types.StructField;
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

    /** Column order of the rows ingest builds; {@link #DATE} is the partition column and comes last. */
    public static final StructType SCHEMA = createStructType(List.of(
            field(REQUEST_ID, StringType, false),
            field(TIMESTAMP, TimestampType, false),
            field(ACCOUNT_ID, StringType, false),
            field(API_KEY, StringType, true),
            field(ENDPOINT, StringType, true),
            field(MODEL, StringType, true),
            field(CLIENT_IP, StringType, true),
            field(CLIENT_NETWORK, StringType, true),
            field(USER_AGENT, StringType, true),
            field(COUNTRY, StringType, true),
            field(PAYMENT_FINGERPRINT, StringType, true),
            field(ACCOUNT_CREATED_AT, TimestampType, true),
            field(END_USER, StringType, true),
            field(SYSTEM_PROMPT, StringType, true),
            field(PROMPT, StringType, false),
            field(MESSAGES, createArrayType(MESSAGE, false), false),
            field(MESSAGE_COUNT, IntegerType, false),
            field(USER_TURNS, IntegerType, false),
            field(ASSISTANT_TURNS, IntegerType, false),
            field(TOOL_MESSAGES, IntegerType, false),
            field(TEMPERATURE, DoubleType, true),
            field(TOP_P, DoubleType, true),
            field(N, IntegerType, true),
            field(MAX_TOKENS, IntegerType, true),
            field(LOGPROBS, BooleanType, true),
            field(TOP_LOGPROBS, IntegerType, true),
            field(STREAM, BooleanType, true),
            field(SEED, LongType, true),
            field(RESPONSE_FORMAT, StringType, true),
            field(TOOL_COUNT, IntegerType, false),
            field(TOOL_NAMES, createArrayType(StringType, false), false),
            field(REASONING_EFFORT, StringType, true),
            field(STATUS, IntegerType, false),
            field(RESPONSE, StringType, true),
            field(FINISH_REASON, StringType, true),
            field(CHOICE_COUNT, IntegerType, false),
            field(PROMPT_TOKENS, LongType, true),
            field(COMPLETION_TOKENS, LongType, true),
            field(REASONING_TOKENS, LongType, true),
            field(LATENCY_MS, LongType, true),
            field(SECRET_COUNTS, createMapType(StringType, IntegerType, false), false),
            field(TEXT_TRUNCATED, BooleanType, false),
            field(SOURCE_FORMAT, StringType, false),
            field(SOURCE_FILE, StringType, false),
            field(SOURCE_LINE, LongType, false),
            field(DATE, StringType, false)));

    private EventSchema() {}

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return createStructField(name, type, nullable);
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
