package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** label and labels export as an analyst runs them; no Spark needed. */
class ReviewCommandsTest {

    @TempDir
    Path folder;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    @Test
    void givenVerdictsFromTheCommandLine_whenExported_thenLatestWinsAndUnsureIsLeftOut() throws Exception {
        String warehouse = folder.resolve("warehouse").toString();
        assertThat(run("label", "--warehouse", warehouse, "--account", "acct_a", "--label", "distill", "--note", "templated",
                "--analyst", "ana")).isEqualTo(Main.EXIT_OK);
        assertThat(run("label", "--warehouse", warehouse, "--account", "acct_b", "--label", "unsure", "--analyst", "ana"))
                .isEqualTo(Main.EXIT_OK);
        assertThat(run("label", "--warehouse", warehouse, "--account", "acct_a", "--label", "benign", "--analyst", "bo"))
                .isEqualTo(Main.EXIT_OK);
        Path out = folder.resolve("labels.csv");

        assertThat(run("labels", "export", "--warehouse", warehouse, "--out", out.toString())).isEqualTo(Main.EXIT_OK);

        assertThat(Files.readString(out)).isEqualTo("account_id,label\r\nacct_a,benign\r\n");
        assertThat(Files.readAllLines(folder.resolve("warehouse/labels/verdicts.jsonl"))).hasSize(3);
    }

    @Test
    void givenABadLabelOrLongNote_whenLabelled_thenFailsWithTheReasonAndWritesNothing() {
        String warehouse = folder.resolve("warehouse").toString();

        assertThat(run("label", "--warehouse", warehouse, "--account", "acct_a", "--label", "evil", "--analyst", "ana"))
                .isEqualTo(Main.EXIT_FAILURE);
        assertThat(run("label", "--warehouse", warehouse, "--account", "acct_a", "--label", "distill", "--analyst", "ana",
                "--note", "x".repeat(501))).isEqualTo(Main.EXIT_FAILURE);

        assertThat(err.toString()).contains("Invalid label: 'evil' (expected one of distill, benign, unsure)",
                "Invalid note: 501 characters (expected at most 500");
        assertThat(Files.exists(folder.resolve("warehouse/labels/verdicts.jsonl"))).isFalse();
    }

    @Test
    void givenANonLoopbackBindInTheConfigOnly_whenServed_thenRefused() {
        assertThat(run("review", "--warehouse", folder.toString(), "--set", "review.bind=0.0.0.0"))
                .isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString()).contains("Cannot serve the review on 0.0.0.0", "--bind 0.0.0.0");
    }
}
