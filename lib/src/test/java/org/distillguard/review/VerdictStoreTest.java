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

        int rows = store.exportTrainingLabels(out.toString());

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

            int rows = store.exportTrainingLabels(mount.resolve("export/labels.csv"));

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

    private static List<String> verdictFileNames(Path folder) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith(".")).sorted()
                    .toList();
        }
    }

    @Test
    void givenOneFilePerVerdict_whenCompacted_thenOneFileHoldsThemAllAndTheStoreReadsTheSame() throws Exception {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        try (org.distillguard.testing.HadoopMount mount = org.distillguard.testing.HadoopMount.of(hadoop, warehouse)) {
            VerdictStore store = new VerdictStore(mount.root(), hadoop);
            assertThat(store.compact()).isEqualTo(new VerdictStore.Compaction(0, 0, 0, null, 0));
            store.append(verdict("a", VerdictLabel.DISTILL, "first", 0));
            assertThat(store.compact()).isEqualTo(new VerdictStore.Compaction(1, 1, 0, null, 0));
            store.append(verdict("b", VerdictLabel.BENIGN, "second", 10));
            store.append(verdict("a", VerdictLabel.BENIGN, "third, a changed", 20));
            store.append(verdict("c", VerdictLabel.UNSURE, "fourth", 30));
            Path folder = warehouse.resolve("labels/verdicts");
            Files.writeString(folder.resolve(".being-written.json"), "{not json"); // another writer's hidden file
            // Temporary files of writers that stopped before their rename: removed once older than a day.
            Path abandoned = Files.writeString(folder.resolve(".20261120T000000.000000000Z-00.json.1234.tmp"), "{}");
            Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(Instant.now()
                    .minus(VerdictStore.STALE_TEMPORARY).minusSeconds(60)));
            Path recent = Files.writeString(folder.resolve(".20261125T090040.000000000Z-00.json.5678.tmp"), "{}");
            List<Verdict> before = store.readAll();

            VerdictStore.Compaction done = store.compact();

            assertThat(done.filesRead()).isEqualTo(4);
            assertThat(done.verdicts()).isEqualTo(4);
            assertThat(done.duplicates()).isZero();
            assertThat(done.staleTemporaries()).isEqualTo(1);
            assertThat(abandoned).doesNotExist();
            assertThat(recent).exists();
            // One file, named by its newest verdict, holding the four lines oldest first; the hidden file untouched.
            List<String> names = verdictFileNames(folder);
            assertThat(names).hasSize(1);
            assertThat(names.get(0)).startsWith("20261125T090030.000000000Z-");
            assertThat(done.mergedFile()).endsWith(names.get(0));
            assertThat(Files.readAllLines(folder.resolve(names.get(0)))).hasSize(4);
            assertThat(folder.resolve(".being-written.json")).exists();
            assertThat(store.readAll()).isEqualTo(before);
            assertThat(store.latest().get("a").note()).isEqualTo("third, a changed");

            // Verdicts recorded after it, earlier and later in time than some it merged, read in time order.
            store.append(verdict("d", VerdictLabel.DISTILL, "fifth", 40));
            store.append(verdict("b", VerdictLabel.DISTILL, "back-dated", 15));
            assertThat(store.readAll()).extracting(Verdict::note)
                    .containsExactly("first", "second", "back-dated", "third, a changed", "fourth", "fifth");
            VerdictStore.Compaction again = store.compact();
            assertThat(again.filesRead()).isEqualTo(3);
            assertThat(again.verdicts()).isEqualTo(6);
            assertThat(verdictFileNames(folder)).hasSize(1);
            assertThat(store.readAll()).extracting(Verdict::note)
                    .containsExactly("first", "second", "back-dated", "third, a changed", "fourth", "fifth");
        }
    }

    /** A store on {@code hooked://}, whose hooks stand in for another process (see HookedLocalFileSystem). */
    private VerdictStore hookedStore() {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        org.distillguard.testing.HookedLocalFileSystem.register(hadoop);
        return new VerdictStore(org.distillguard.testing.HookedLocalFileSystem.SCHEME + "://"
                + warehouse.toAbsolutePath().toUri().getPath(), hadoop);
    }

    @Test
    void givenACompactionThatStoppedBeforeItsDeletions_whenReadAndCompactedAgain_thenEachVerdictCountsOnce()
            throws Exception {
        VerdictStore store = hookedStore();
        store.append(verdict("a", VerdictLabel.DISTILL, "one", 0));
        store.append(new Verdict("b", VerdictLabel.BENIGN, "bo", Instant.parse("2026-11-25T09:00:10.123456789Z"),
                "two, with \"quotes\" and a line\nbreak", null, null, null));
        Path folder = warehouse.resolve("labels/verdicts");
        org.distillguard.testing.HookedLocalFileSystem.deletesFail(true);
        try {
            assertThatThrownBy(store::compact).hasMessageContaining("could not delete")
                    .hasMessageContaining("run labels compact again");
        } finally {
            org.distillguard.testing.HookedLocalFileSystem.deletesFail(false);
        }
        assertThat(verdictFileNames(folder)).hasSize(3); // the merged file beside the two it merged

        assertThat(store.readAll()).extracting(Verdict::accountId).containsExactly("a", "b");

        VerdictStore.Compaction done = store.compact();

        assertThat(done.filesRead()).isEqualTo(3);
        assertThat(done.verdicts()).isEqualTo(2);
        assertThat(done.duplicates()).isEqualTo(2);
        assertThat(verdictFileNames(folder)).hasSize(1);
        assertThat(store.readAll()).extracting(Verdict::note).containsExactly("one", "two, with \"quotes\" and a line\nbreak");
    }

    @Test
    void givenACompactionInTheMiddleOfAReadersListing_whenRead_thenTheReaderListsAgainAndMissesNothing() {
        VerdictStore store = hookedStore();
        store.append(verdict("a", VerdictLabel.DISTILL, "one", 0));
        store.append(verdict("b", VerdictLabel.BENIGN, "two", 10));
        VerdictStore elsewhere = new VerdictStore(warehouse);
        // The listing read the two names; the compaction merges and deletes them before they are looked at, so this
        // listing shows neither them nor the merged file.
        org.distillguard.testing.HookedLocalFileSystem.duringNextListing(() -> elsewhere.compact());

        assertThat(store.readAll()).extracting(Verdict::note).containsExactly("one", "two");
    }

    @Test
    void givenAFileThatIsNotAVerdict_whenCompacted_thenNothingIsWrittenOrDeletedAndTheFileIsNamed() throws Exception {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        try (org.distillguard.testing.HadoopMount mount = org.distillguard.testing.HadoopMount.of(hadoop, warehouse)) {
            VerdictStore store = new VerdictStore(mount.root(), hadoop);
            store.append(verdict("a", VerdictLabel.DISTILL, "one", 0));
            Path folder = warehouse.resolve("labels/verdicts");
            Files.writeString(folder.resolve("20261125T090005.000000000Z-0000000000000000.json"), "{not json\n");
            List<String> before = verdictFileNames(folder);

            assertThatThrownBy(store::compact).hasMessageContaining("Cannot compact the labels store")
                    .hasMessageContaining("20261125T090005.000000000Z-0000000000000000.json: line 1 is not a verdict");
            assertThat(verdictFileNames(folder)).isEqualTo(before);
        }
    }

    @Test
    void givenACompactionBetweenAReadersListingAndItsReads_whenRead_thenTheReaderListsAgainAndSeesEveryVerdictOnce()
            throws Exception {
        VerdictStore store = hookedStore();
        store.append(verdict("a", VerdictLabel.DISTILL, "one", 0));
        store.append(verdict("b", VerdictLabel.BENIGN, "two", 10));
        store.append(verdict("c", VerdictLabel.UNSURE, "three", 20));
        // Another process compacts the folder after this reader listed it and before it opens the first file.
        VerdictStore elsewhere = new VerdictStore(warehouse);
        org.distillguard.testing.HookedLocalFileSystem.beforeNextOpen(() -> assertThat(elsewhere.compact().verdicts())
                .isEqualTo(3));

        List<Verdict> read = store.readAll();

        assertThat(read).extracting(Verdict::note).containsExactly("one", "two", "three");
        assertThat(verdictFileNames(warehouse.resolve("labels/verdicts"))).hasSize(1);
    }
}
