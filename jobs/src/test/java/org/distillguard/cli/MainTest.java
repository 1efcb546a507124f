package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void givenHelp_whenRun_thenEveryCommandIsListedAndExitIsZero() {
        assertThat(run("--help")).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString()).contains("ingest", "demo");
    }

    @Test
    void givenEachCommandsHelp_whenRun_thenItDescribesItsOptions() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            StringWriter commandOut = new StringWriter();
            CommandLine commandLine = Main.commandLine();
            commandLine.setOut(new PrintWriter(commandOut, true));
            assertThat(commandLine.execute(command, "--help")).as(command).isEqualTo(Main.EXIT_OK);
            assertThat(commandOut.toString()).as(command).contains("Usage: distillguard " + command, "--help");
            boolean groupOfCommands = !commandLine.getSubcommands().get(command).getSubcommands().isEmpty();
            if (!command.equals("simulate") && !groupOfCommands) {
                // Every command that runs the pipeline takes the configuration.
                assertThat(commandOut.toString()).as(command).contains("--conf", "--set");
            }
        }
    }

    @Test
    void givenUnknownCommand_whenRun_thenUsageErrorNamesIt() {
        assertThat(run("scrape")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'scrape'");
    }

    @Test
    void givenNoCommand_whenRun_thenUsageErrorListsTheCommands() {
        assertThat(run()).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Missing command", "ingest");
    }

    @Test
    void givenUnknownOption_whenRun_thenUsageErrorNamesIt() {
        assertThat(run("ingest", "--input", "x", "--out", "y", "--frobnicate")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void givenMissingRequiredOption_whenRun_thenUsageErrorNamesIt() {
        assertThat(run("ingest", "--out", "y")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Missing required option: '--input=PATH'");
    }

    @Test
    void givenABadConfigOverride_whenRun_thenFailureNamesTheKey() {
        assertThat(run("ingest", "--input", "x", "--out", "y", "--set", "ingest.nope=1")).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString()).contains("Invalid config key: ingest.nope");
    }

    @Test
    void givenAMalformedDate_whenRun_thenUsageErrorNamesTheValue() {
        assertThat(run("ingest", "--input", "x", "--out", "y", "--date", "24/11/2026")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("24/11/2026");
    }
}
