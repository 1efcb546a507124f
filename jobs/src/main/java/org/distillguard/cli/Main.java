package org.distillguard.cli;

import java.io.PrintWriter;
import org.distillguard.runtime.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code distillguard} command. Exit codes: 0 success, 1 failure, 2 usage error (unknown command or option, a
 * missing or malformed argument).
 */
@Command(name = "distillguard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Finds accounts that distill a language model through its API, from request logs.",
        subcommands = {
            DemoCommand.class,
            IngestCommand.class,
            FeaturesCommand.class,
            SeparationCommand.class,
            NightlyCommand.class,
            CoordinationCommand.class,
            SimulateCommand.class,
            BenchCommand.class,
            AuditCommand.class,
            DoctorCommand.class,
            RetentionCommand.class,
            ScoreCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            ReviewReportCommand.class,
            ReviewCommand.class,
            LabelCommand.class,
            LabelsCommand.class,
            SqlCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: give one of "
                + String.join(", ", spec.subcommands().keySet()) + " (see distillguard --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code; used by {@link #main} and by the tests. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            err.println("distillguard " + failed.getCommandName() + ": " + message(exception));
            if (Boolean.getBoolean("distillguard.stacktrace")) {
                exception.printStackTrace(err);
            }
            err.flush();
            return EXIT_FAILURE;
        });
        commandLine.setExitCodeExceptionMapper(exception ->
                exception instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        return commandLine;
    }

    /** The message to show for a failure: ours are written to be shown, and never carry record content or keys. */
    private static String message(Throwable exception) {
        Throwable current = exception;
        while (current.getMessage() == null && current.getCause() != null) {
            current = current.getCause();
        }
        String message = current.getMessage();
        return message == null ? current.getClass().getSimpleName() : message;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"distillguard " + Versions.toolkit(), "libraries " + Versions.all()};
        }
    }
}
