package org.distillguard.cli;

import java.util.concurrent.Callable;
import org.distillguard.review.VerdictStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "The analysts' labels store.",
        subcommands = {LabelsCommand.Export.class, LabelsCommand.Compact.class})
final class LabelsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: give export or compact");
    }

    /** What every labels subcommand takes: the common options and the warehouse, reached with their Hadoop settings. */
    abstract static class StoreCommand implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        CommonOptions common;

        @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder (a path or any Hadoop URI).")
        String warehouse;

        org.apache.hadoop.conf.Configuration hadoop() {
            return Sessions.hadoop("distillguard-labels", common.config());
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes account_id,label (the latest verdict per account; unsure left out) for train.")
    static final class Export extends StoreCommand {

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write (a path or any Hadoop URI).")
        String out;

        @Override
        public Integer call() {
            int rows = new VerdictStore(warehouse, hadoop()).exportTrainingLabels(out);
            System.out.println("Wrote " + rows + " labels to " + out);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "compact", mixinStandardHelpOptions = true,
            description = {"Merges the one-file verdicts of a store on HDFS or an object store (labels/verdicts/*.json)"
                    + " into one file, so that reading the store opens one file instead of one per verdict.",
                    "Safe beside analysts recording verdicts and beside another compaction: a file is deleted only"
                    + " after the merged file holding its verdicts is in place."})
    static final class Compact extends StoreCommand {

        @Override
        public Integer call() {
            VerdictStore store = new VerdictStore(warehouse, hadoop());
            VerdictStore.Compaction done = store.compact();
            if (done.mergedFile() == null) {
                System.out.println("Nothing to compact: " + done.filesRead() + " verdict file(s) under " + store.filesLocation());
            } else {
                System.out.println("Merged " + done.filesRead() + " verdict files (" + done.verdicts() + " verdicts, "
                        + done.duplicates() + " duplicates dropped) into " + done.mergedFile());
            }
            if (done.staleTemporaries() > 0) {
                System.out.println("Removed " + done.staleTemporaries() + " temporary file(s) older than a day, left by"
                        + " writers that stopped");
            }
            return Main.EXIT_OK;
        }
    }
}
