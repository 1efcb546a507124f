package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** label, labels export and labels compact as an analyst runs them; no Spark needed. */
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
    void givenAWarehouseMountedOnlyInTheSparkSettings_whenLabelledAndExported_thenVerdictsAreFilesOnTheMount()
            throws Exception {
        String table = "labels" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path local = Files.createDirectories(folder.resolve("mounted"));
        String[] mount = {"--set", "spark.settings.spark.hadoop.fs.viewfs.mounttable." + table + ".link./data="
                + local.toUri(), "--set", "spark.settings.spark.hadoop.fs.viewfs.impl.disable.cache=true"};
        String warehouse = "viewfs://" + table + "/data/warehouse";
        String[] first = {"label", "--warehouse", warehouse, "--account", "acct_a", "--label", "distill", "--analyst", "ana"};
        String[] second = {"label", "--warehouse", warehouse, "--account", "acct_a", "--label", "benign", "--analyst", "bo"};
        String[] export = {"labels", "export", "--warehouse", warehouse, "--out", "viewfs://" + table + "/data/labels.csv"};

        assertThat(run(concat(first, mount))).as(err.toString()).isEqualTo(Main.EXIT_OK);
        Thread.sleep(2); // a later verdict has a later time, and the files sort by it
        assertThat(run(concat(second, mount))).as(err.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(run(concat(export, mount))).as(err.toString()).isEqualTo(Main.EXIT_OK);

        assertThat(Files.readString(local.resolve("labels.csv"))).isEqualTo("account_id,label\r\nacct_a,benign\r\n");
        try (java.util.stream.Stream<Path> files = Files.list(local.resolve("warehouse/labels/verdicts"))) {
            assertThat(files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .filter(file -> !file.getFileName().toString().startsWith("."))).hasSize(2);
        }
        // Compacted, the two verdicts are one file, and the store reads the same.
        assertThat(run(concat(new String[] {"labels", "compact", "--warehouse", warehouse}, mount))).as(err.toString())
                .isEqualTo(Main.EXIT_OK);
        try (java.util.stream.Stream<Path> files = Files.list(local.resolve("warehouse/labels/verdicts"))) {
            assertThat(files.filter(file -> !file.getFileName().toString().startsWith("."))).hasSize(1);
        }
        Files.delete(local.resolve("labels.csv"));
        assertThat(run(concat(export, mount))).as(err.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(Files.readString(local.resolve("labels.csv"))).isEqualTo("account_id,label\r\nacct_a,benign\r\n");
        assertThat(Path.of("viewfs:")).doesNotExist();

        // Without the mount, the command fails and names the file system it cannot reach.
        assertThat(run(first)).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString()).contains("viewfs://" + table);
    }

    @Test
    void givenBootstrapTrainingToAHadoopUri_whenRun_thenRefusedBeforeAnyWork() {
        assertThat(run("train", "--bootstrap", "--out", "viewfs://nowhere/models")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Invalid --out: viewfs://nowhere/models (with --bootstrap, a local folder");
    }

    private static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
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
