package org.distillguard.ingest;

/** Reason codes of quarantined records, as they appear in the quarantine files and the manifest. */
public final class QuarantineReason {
    public static final String INVALID_JSON = "invalid_json";
    public static final String INVALID_UTF8 = "invalid_utf8";
    public static final String NOT_AN_OBJECT = "not_an_object";
    public static final String TOO_LARGE = "too_large";
    public static final String BAD_TIMESTAMP = "bad_timestamp";
    public static final String TRUNCATED_FILE = "truncated_file";
    public static final String UNREADABLE_FILE = "unreadable_file";
    public static final String INVALID_CSV = "invalid_csv";
    public static final String MISSING_FIELD_PREFIX = "missing_field:";
    public static final String BAD_TYPE_PREFIX = "bad_type:";
    public static final String BAD_VALUE_PREFIX = "bad_value:";
    public static final String DUPLICATE_FIELD_PREFIX = "duplicate_field:";

    private QuarantineReason() {}

    public static String missingField(String field) {
        return MISSING_FIELD_PREFIX + field;
    }

    public static String badType(String field) {
        return BAD_TYPE_PREFIX + field;
    }

    /** A field given twice in one object, e.g. two top-level {@code request_id}s: which one is meant is unknowable. */
    public static String duplicateField(String field) {
        return DUPLICATE_FIELD_PREFIX + field;
    }

    public static String badValue(String field) {
        return BAD_VALUE_PREFIX + field;
    }
}
