package org.distillguard.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictStoreTest {

    @TempDir
    Path warehouse;

    private static Verdict verdict(String account, VerdictLabel label, String note, int second) {
        return new Verdict(account, label, "ana", Instant.parse("2026-11-25T09:00:00Z").plusSeconds(second), note,
                "2026-11-24", 0.8, "model-1");
    }

    @Test
    void givenVerdicts_whenAppended_thenOneLinePerVerdictAndEarlierLinesUnchanged() throws Exception {
        VerdictStore store = new VerdictStore(warehouse);
        store.append(verdict("a", VerdictLabel.DISTILL, "templated", 0));
        String first = Files.readString(Path.of(store.location()));

        store.append(verdict("b", VerdictLabel.BENIGN, "line\nbreak \"quoted\"", 1));

        List<String> lines = Files.readAllLines(Path.of(store.location()), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(Files.readString(Path.of(store.location()))).startsWith(first);
        assertThat(lines.get(1)).contains("\"account_id\":\"b\"", "\"label\":\"benign\"", "\"analyst\":\"ana\"",
                "\"score\":0.8", "\"model_id\":\"model-1\"", "\"date\":\"2026-11-24\"");
        assertThat(store.readAll().get(1).note()).isEqualTo("line\nbreak \"quoted\"");
        assertThat(Files.getPosixFilePermissions(Path.of(store.location()))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void givenSeveralVerdictsForOneAccount_whenExported_thenLatestWinsAndUnsureIsLeftOut() throws Exception {
        VerdictStore store = new VerdictStore(warehouse);
        store.append(verdict("a", VerdictLabel.DISTILL, "", 0));
        store.append(verdict("b", VerdictLabel.DISTILL, "", 1));
        store.append(verdict("a", VerdictLabel.BENIGN, "after a call with the customer", 2));
        store.append(verdict("b", VerdictLabel.UNSURE, "", 3));
        store.append(verdict("=c", VerdictLabel.DISTILL, "", 4));
        Path out = warehouse.resolve("export/labels.csv");

        int rows = store.exportTrainingLabels(out.toString(), new org.apache.hadoop.conf.Configuration());

        assertThat(rows).isEqualTo(2);
        assertThat(Files.readString(out)).isEqualTo("account_id,label\r\na,benign\r\n\"'=c\",distill\r\n");
        assertThat(store.latest().get("b").label()).isEqualTo(VerdictLabel.UNSURE);
        assertThat(store.readAll()).hasSize(5);
    }

    @Test
    void givenNoStore_whenRead_thenEmpty() {
        assertThat(new VerdictStore(warehouse).latest()).isEmpty();
    }

    @Test
    void givenAnUnknownLabelOrLongNote_whenMade_thenRefusedWithTheAllowedValues() {
        assertThatThrownBy(() -> VerdictLabel.parse("malicious"))
                .hasMessage("Invalid label: 'malicious' (expected one of distill, benign, unsure)");
        assertThatThrownBy(() -> verdict("a", VerdictLabel.DISTILL, "x".repeat(Verdict.MAX_NOTE_CHARS + 1), 0))
                .hasMessageStartingWith("Invalid note: 10001 characters");
        assertThatThrownBy(() -> verdict(" ", VerdictLabel.DISTILL, "", 0)).hasMessageStartingWith("Invalid account id");
    }

    @Test
    void givenACorruptLine_whenRead_thenTheLineNumberIsNamed() throws Exception {
        VerdictStore store = new VerdictStore(warehouse);
        store.append(verdict("a", VerdictLabel.DISTILL, "", 0));
        Files.writeString(Path.of(store.location()), "{not json\n", java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(store::readAll).hasMessageContaining("line 2 is not a verdict");
    }

    @Test
    void givenAWarehouseReachableOnlyThroughHadoop_whenVerdictsAreRecorded_thenEachIsAFileAndTheyReadBackInTimeOrder()
            throws Exception {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        try (org.distillguard.testing.HadoopMount mount = org.distillguard.testing.HadoopMount.of(hadoop, warehouse)) {
            // A store copied in from a local disk is read first, then the one-file verdicts by time.
            new VerdictStore(warehouse).append(verdict("a", VerdictLabel.BENIGN, "from the local store", -60));
            VerdictStore store = new VerdictStore(mount.root(), hadoop);
            store.append(verdict("a", VerdictLabel.DISTILL, "templated", 0));
            store.append(verdict("c", VerdictLabel.UNSURE, "", 20));
            store.append(verdict("b", VerdictLabel.BENIGN, "", 10));
            Files.writeString(warehouse.resolve("labels/verdicts/.half-written.json"), "{not json");

            assertThat(store.location()).isEqualTo(mount.resolve("labels/verdicts"));
            assertThat(store.readAll()).extracting(Verdict::accountId).containsExactly("a", "a", "b", "c");
            assertThat(store.latest().get("a").note()).isEqualTo("templated");
            try (java.util.stream.Stream<Path> files = Files.list(warehouse.resolve("labels/verdicts"))) {
                assertThat(files.filter(file -> !file.getFileName().toString().startsWith("."))).hasSize(3);
            }
            assertThat(Files.readAllLines(warehouse.resolve("labels/verdicts.jsonl"))).hasSize(1);

            int rows = store.exportTrainingLabels(mount.resolve("export/labels.csv"), hadoop);

            assertThat(rows).isEqualTo(2);
            assertThat(Files.readString(warehouse.resolve("export/labels.csv")))
                    .isEqualTo("account_id,label\r\na,distill\r\nb,benign\r\n");

            Files.writeString(warehouse.resolve("labels/verdicts/20261125T090030.000000000Z-0000000000000000.json"),
                    "{not json\n");
            assertThatThrownBy(store::readAll).hasMessageContaining(
                    "20261125T090030.000000000Z-0000000000000000.json: line 1 is not a verdict");
        }
    }

    @Test
    void givenAStoreCopiedFromHdfsToALocalDisk_whenAddedTo_thenTheVerdictGivenLastWins() throws Exception {
        Verdict onTheCluster = verdict("a", VerdictLabel.DISTILL, "recorded on HDFS", 100);
        Path copied = Files.createDirectories(warehouse.resolve("labels/verdicts"))
                .resolve(VerdictStore.fileName(onTheCluster.time()));
        Files.writeString(copied, VerdictStore.render(onTheCluster) + "\n");
        VerdictStore store = new VerdictStore(warehouse);

        store.append(verdict("a", VerdictLabel.BENIGN, "recorded here, later", 200));

        assertThat(store.readAll()).extracting(Verdict::note).containsExactly("recorded on HDFS", "recorded here, later");
        assertThat(store.latest().get("a").label()).isEqualTo(VerdictLabel.BENIGN);
    }
}
