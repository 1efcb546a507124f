package org.distillguard.cli;

import java.util.concurrent.Callable;
import org.distillguard.review.VerdictStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "The analysts' labels store.",
        subcommands = {LabelsCommand.Export.class})
final class LabelsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: give export");
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes account_id,label (the latest verdict per account; unsure left out) for train.")
    static final class Export implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        CommonOptions common;

        @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder (a path or any Hadoop URI).")
        String warehouse;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write (a path or any Hadoop URI).")
        String out;

        @Override
        public Integer call() {
            org.apache.hadoop.conf.Configuration hadoop = Sessions.hadoop("distillguard-labels", common.config());
            int rows = new VerdictStore(warehouse, hadoop).exportTrainingLabels(out, hadoop);
            System.out.println("Wrote " + rows + " labels to " + out);
            return Main.EXIT_OK;
        }
    }
}
