package org.distillguard.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.distillguard.audit.Retention;
import org.distillguard.config.DistillGuardConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "retention", mixinStandardHelpOptions = true,
        description = {
            "Deletes date=YYYY-MM-DD folders older than the retention section's days under events/, quarantine/,",
            "reports/ and review/ of the warehouse. --dry-run lists what it would delete and deletes nothing."})
final class RetentionCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "The warehouse (ingest's --out).")
    String warehouse;

    @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        // The warehouse's Hadoop settings as a session would have them: spark.hadoop.* from the config and from -D.
        org.apache.hadoop.conf.Configuration hadoop = Sessions.hadoop("distillguard-retention", config);
        Retention.Plan plan = Retention.plan(hadoop, warehouse, LocalDate.now(ZoneOffset.UTC), config.retention());
        System.out.printf(Locale.ROOT, "retention %s: keeping events from %s, quarantine from %s, reports and review from %s,"
                + " 7-day feature states from %s%n", warehouse, plan.cutoffs().get(Retention.EVENTS),
                plan.cutoffs().get(Retention.QUARANTINE), plan.cutoffs().get(Retention.REPORTS),
                plan.cutoffs().get(Retention.WEEK_STATES));
        for (Retention.Expired expired : plan.expired()) {
            System.out.println((dryRun ? "  would delete " : "  deleting ") + expired.path());
        }
        if (dryRun) {
            System.out.println("dry run: " + plan.expired().size() + " folder(s) would be deleted; nothing was deleted");
            return Main.EXIT_OK;
        }
        int deleted = Retention.apply(hadoop, plan);
        System.out.println("deleted " + deleted + " folder(s)");
        return Main.EXIT_OK;
    }
}
