package org.distillguard.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.ingest.IngestResult;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {
            "Reads request logs (JSONL, .jsonl.gz, LiteLLM CSV/JSONL, Parquet), validates, redacts and pseudonymizes",
            "them, and writes canonical events as Parquet partitioned by date. Bad records go to the quarantine",
            "with a reason; counts are in <out>/manifest.json. Needs DISTILLGUARD_HMAC_KEY or --hmac-key-file."})
final class IngestCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--input", required = true, split = ",", paramLabel = "PATH",
            description = "Log file or folder (searched recursively). Repeatable or comma-separated.")
    List<String> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    String out;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "Keep only events of this UTC date (default: every date found).")
    LocalDate date;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        HmacKey key = common.requiredKey();
        SparkSession spark = Sessions.start("distillguard-ingest", config);
        try {
            IngestResult result = IngestJob.run(spark, config, Redactors.fromConfig(config.redaction()),
                    new Pseudonymizer(key), new IngestRequest(inputs, out, Optional.ofNullable(date)));
            Summaries.printIngest(System.out, result, out);
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }
}
