package org.distillguard.features;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.FeatureConfig;

/**
 * The one user function of the feature stage: the text analysis of a request's prompt and response, for which Spark
 * has no built-in. Each task deserializes its own copy and builds one {@link PromptAnalyzer} on first use, whose
 * buffers every row then reuses.
 */
final class TextFeaturesFunction implements UDF4<String, String, Integer, Integer, Row> {

    private static final long serialVersionUID = 1L;

    static final String CHARS = "chars";
    static final String WORDS = "words";
    static final String SHINGLES = "shingles";
    static final String LEXICAL_ENTROPY = "lexical_entropy";
    static final String NEAR_DUPLICATE_KEY = "near_duplicate_key";
    static final String TEMPLATE_HEAD = "template_head";
    static final String TEMPLATE_TAIL = "template_tail";
    static final String SKELETON = "skeleton";
    static final String VECTOR = "vector";
    static final String LANGUAGE_MASK = "language_mask";
    static final String COT_MASK = "cot_mask";
    static final String CAPABILITY_MASK = "capability_mask";
    static final String FOLLOW_UP = "follow_up";
    static final String STRUCTURED_PAIR = "structured_pair";
    static final String PROMPT_REUSE_KEY = "prompt_reuse_key";
    static final String RESPONSE_KEY = "response_key";

    static final StructType SCHEMA = createStructType(List.of(
            createStructField(CHARS, IntegerType, false),
            createStructField(WORDS, IntegerType, false),
            createStructField(SHINGLES, IntegerType, false),
            createStructField(LEXICAL_ENTROPY, DoubleType, false),
            createStructField(NEAR_DUPLICATE_KEY, LongType, false),
            createStructField(TEMPLATE_HEAD, LongType, false),
            createStructField(TEMPLATE_TAIL, LongType, false),
            createStructField(SKELETON, StringType, false),
            createStructField(VECTOR, BinaryType, false),
            createStructField(LANGUAGE_MASK, IntegerType, false),
            createStructField(COT_MASK, IntegerType, false),
            createStructField(CAPABILITY_MASK, IntegerType, false),
            createStructField(FOLLOW_UP, BooleanType, false),
            createStructField(STRUCTURED_PAIR, BooleanType, false),
            createStructField(PROMPT_REUSE_KEY, LongType, true),
            createStructField(RESPONSE_KEY, LongType, true)));

    private final FeatureConfig config;
    private final Lexicons lexicons;
    private final int toolBit;
    private transient PromptAnalyzer analyzer;

    TextFeaturesFunction(FeatureConfig config, Lexicons lexicons) {
        this.config = config;
        this.lexicons = lexicons;
        int tool = lexicons.capabilityNames().indexOf("tool-use");
        this.toolBit = tool < 0 ? 0 : 1 << tool;
    }

    /**
     * @param hour the event's hour of day (in the session time zone, UTC by default), for the packed vector
     * @param toolCount the request's tool definitions: any marks the prompt as tool use
     */
    @Override
    public Row call(String prompt, String response, Integer hour, Integer toolCount) {
        if (analyzer == null) {
            analyzer = new PromptAnalyzer(config, lexicons);
        }
        analyzer.analyze(prompt);
        long promptKey = analyzer.promptReuseKey();
        long responseKey = analyzer.responseKey(response);
        int chars = analyzer.codePoints();
        int capabilityMask = analyzer.capabilityMask() | (toolCount != null && toolCount > 0 ? toolBit : 0);
        return RowFactory.create(chars, analyzer.wordCount(), analyzer.shingleCount(), analyzer.lexicalEntropy(),
                analyzer.nearDuplicateKey(), analyzer.templateHead(), analyzer.templateTail(), analyzer.skeleton(),
                EventVectorsAggregator.pack(hour, capabilityMask, analyzer.signature()), analyzer.languageMask(),
                analyzer.cotMask(), capabilityMask,
                analyzer.followUp(), analyzer.structuredPair(), promptKey == 0L ? null : promptKey,
                responseKey == 0L ? null : responseKey);
    }
}
