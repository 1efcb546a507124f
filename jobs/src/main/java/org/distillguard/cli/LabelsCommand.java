package org.distillguard.cli;

import java.nio.file.Path;
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

        @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder.")
        Path warehouse;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
        Path out;

        @Override
        public Integer call() {
            int rows = new VerdictStore(warehouse).exportTrainingLabels(out);
            System.out.println("Wrote " + rows + " labels to " + out);
            return Main.EXIT_OK;
        }
    }
}
