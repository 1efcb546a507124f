package org.distillguard.config;

/**
 * How long the warehouse keeps what the pipeline writes, in days; {@code Retention} deletes {@code date=YYYY-MM-DD}
 * folders older than this. A folder dated D is deleted when D is before today minus the days, so {@code days} full days
 * before today are kept, and today.
 *
 * @param eventsDays redacted events ({@code events/date=…})
 * @param quarantineDays quarantined records ({@code quarantine/date=…}): they hold redacted excerpts of raw lines,
 *     so they are kept for less time than events by default
 * @param reportsDays reports and review material ({@code reports/date=…}, {@code review/date=…})
 */
public record RetentionConfig(int eventsDays, int quarantineDays, int reportsDays) implements java.io.Serializable {

    public static final int EVENTS_DAYS_DEFAULT = 90;
    public static final int QUARANTINE_DAYS_DEFAULT = 14;
    public static final int REPORTS_DAYS_DEFAULT = 180;
    private static final int MAX_DAYS = 36_500;

    public RetentionConfig {
        ConfigChecks.requireRange("retention.events-days", eventsDays, 1, MAX_DAYS);
        ConfigChecks.requireRange("retention.quarantine-days", quarantineDays, 1, MAX_DAYS);
        ConfigChecks.requireRange("retention.reports-days", reportsDays, 1, MAX_DAYS);
    }

    public static RetentionConfig defaults() {
        return new RetentionConfig(EVENTS_DAYS_DEFAULT, QUARANTINE_DAYS_DEFAULT, REPORTS_DAYS_DEFAULT);
    }
}
