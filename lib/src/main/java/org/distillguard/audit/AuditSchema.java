package org.distillguard.audit;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the rows the audit's scanning tasks emit: one row per secret or PII occurrence (rule id set), and one
 * statistics row per task (rule id null) with the counts of what the task read. Never holds a raw secret: the value
 * is present only as its fingerprint (and the last four characters where the rule allows it).
 */
final class AuditSchema {
    static final String ACCOUNT = "account";
    static final String RULE_ID = "rule_id";
    static final String CATEGORY = "category";
    static final String FINGERPRINT = "fingerprint";
    static final String LAST_FOUR = "last4";
    static final String WHERE = "where";
    static final String TIMESTAMP = "timestamp";
    static final String REQUEST_ID = "request_id";
    static final String SOURCE_FILE = "source_file";
    static final String SOURCE_LINE = "source_line";
    static final String RECORDS = "records";
    static final String UNPARSED = "unparsed_records";
    static final String PARTIAL = "partial_records";
    static final String OUT_OF_RANGE = "out_of_range";

    /** Where a secret was found when its record did not parse and its raw text was scanned. */
    static final String WHERE_UNPARSED = "unparsed";

    static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(ACCOUNT, DataTypes.StringType, true),
        DataTypes.createStructField(RULE_ID, DataTypes.StringType, true),
        DataTypes.createStructField(CATEGORY, DataTypes.StringType, true),
        DataTypes.createStructField(FINGERPRINT, DataTypes.StringType, true),
        DataTypes.createStructField(LAST_FOUR, DataTypes.StringType, true),
        DataTypes.createStructField(WHERE, DataTypes.StringType, true),
        DataTypes.createStructField(TIMESTAMP, DataTypes.TimestampType, true),
        DataTypes.createStructField(REQUEST_ID, DataTypes.StringType, true),
        DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, true),
        DataTypes.createStructField(SOURCE_LINE, DataTypes.LongType, true),
        DataTypes.createStructField(RECORDS, DataTypes.LongType, false),
        DataTypes.createStructField(UNPARSED, DataTypes.LongType, false),
        DataTypes.createStructField(PARTIAL, DataTypes.LongType, false),
        DataTypes.createStructField(OUT_OF_RANGE, DataTypes.LongType, false),
    });

    private AuditSchema() {}
}
