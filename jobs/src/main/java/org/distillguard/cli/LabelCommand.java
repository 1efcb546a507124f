package org.distillguard.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.review.Verdict;
import org.distillguard.review.VerdictLabel;
import org.distillguard.review.VerdictStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "label", mixinStandardHelpOptions = true,
        description = {"Records one analyst verdict (distill, benign or unsure) in WAREHOUSE/labels/verdicts.jsonl, as the review page does",
            "(on HDFS, S3 or another Hadoop file system: a file of its own in WAREHOUSE/labels/verdicts/)."})
final class LabelCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder (a path or any Hadoop URI).")
    String warehouse;

    @Option(names = "--account", required = true, paramLabel = "ID", description = "Account id.")
    String account;

    @Option(names = "--label", required = true, paramLabel = "L", description = "distill, benign or unsure.")
    String label;

    @Option(names = "--note", paramLabel = "TEXT", description = "Short note (at most review.max-note-chars).")
    String note = "";

    @Option(names = "--analyst", paramLabel = "NAME", description = "Name recorded with the verdict (default: the OS user).")
    String analyst;

    @Option(names = "--score", paramLabel = "S", description = "The account's risk score when judged, if known.")
    Double score;

    @Option(names = "--model-id", paramLabel = "ID", description = "The model that produced that score, if known.")
    String modelId;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        VerdictLabel parsed = VerdictLabel.parse(label);
        if (note.length() > config.review().maxNoteChars()) {
            throw new IllegalArgumentException("Invalid note: " + note.length() + " characters (expected at most "
                    + config.review().maxNoteChars() + ", review.max-note-chars)");
        }
        VerdictStore store = new VerdictStore(warehouse, Sessions.hadoop("distillguard-label", config));
        store.append(new Verdict(account, parsed, Analysts.name(analyst), Instant.now(), note, null, score, modelId));
        System.out.println("Recorded " + parsed.text() + " in " + store.location());
        return Main.EXIT_OK;
    }
}
