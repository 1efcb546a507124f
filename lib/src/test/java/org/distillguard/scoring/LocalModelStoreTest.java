package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.distillguard.redact.HmacKey;
import org.distillguard.testing.HadoopMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelStoreTest {

    private static final HmacKey KEY = HmacKey.of("operator-test-key-0123456789abcdef-0123456789");

    @TempDir
    Path folder;

    @Test
    void givenAStoreReachableOnlyThroughHadoop_whenOpened_thenItsModelsLoadFromACopyThatCloseDeletes() throws IOException {
        Path store = folder.resolve("models");
        TrainedModel model = TestModels.trained();
        Path older = ModelStore.writeVersioned(model, store, KEY, Instant.parse("2026-11-20T03:00:00Z"));
        Path newer = ModelStore.writeVersioned(model, store, KEY, Instant.parse("2026-11-24T03:00:00Z"));
        Files.createDirectories(store.resolve(".staging-half-written"));
        Files.writeString(store.resolve("notes.txt"), "not a model");
        Configuration hadoop = new Configuration();

        Path copy;
        try (HadoopMount mount = HadoopMount.of(hadoop, folder);
                LocalModelStore opened = LocalModelStore.open(hadoop, new org.apache.hadoop.fs.Path(mount.resolve("models")))) {
            copy = opened.path();
            List<String> skipped = new ArrayList<>();
            Optional<Path> latest = ModelStore.latest(copy, Optional.of(KEY), folder.resolve("no-bootstrap"),
                    TestModels.FEATURES, skipped);

            assertThat(copy).isNotEqualTo(store);
            try (var children = Files.list(copy)) {
                assertThat(children.map(path -> path.getFileName().toString()))
                        .containsExactlyInAnyOrder(older.getFileName().toString(), newer.getFileName().toString());
            }
            assertThat(latest).hasValueSatisfying(path -> assertThat(path.getFileName()).isEqualTo(newer.getFileName()));
            assertThat(ModelStore.load(latest.get(), Optional.of(KEY), folder.resolve("no-bootstrap"), TestModels.FEATURES).id())
                    .isEqualTo(newer.getFileName().toString());
            assertThat(skipped).isEmpty();
            assertThat(opened.describe("no valid model in " + copy + ": using the bundled bootstrap model"))
                    .isEqualTo("no valid model in " + mount.resolve("models") + ": using the bundled bootstrap model");
        }

        assertThat(copy).doesNotExist();
    }

    @Test
    void givenAStoreReachableOnlyThroughHadoop_whenAModelIsAdded_thenItLandsWholeAndLoadsAsTheLatest() throws IOException {
        TrainedModel model = TestModels.trained();
        Instant now = Instant.parse("2026-11-24T03:00:00Z");
        Path local = ModelStore.writeVersioned(model, folder.resolve("local-models"), KEY, now);
        Configuration hadoop = new Configuration();

        String written;
        try (HadoopMount mount = HadoopMount.of(hadoop, folder)) {
            written = LocalModelStore.writeVersioned(model, hadoop, mount.resolve("models"), KEY, now);

            assertThat(written).isEqualTo(mount.resolve("models/" + local.getFileName()));
            try (LocalModelStore opened = LocalModelStore.open(hadoop, new org.apache.hadoop.fs.Path(mount.resolve("models")))) {
                Optional<Path> latest = ModelStore.latest(opened.path(), Optional.of(KEY), folder.resolve("no-bootstrap"),
                        TestModels.FEATURES, new ArrayList<>());
                assertThat(latest).hasValueSatisfying(path -> assertThat(path.getFileName()).isEqualTo(local.getFileName()));
            }
        }
        Path landed = folder.resolve("models").resolve(local.getFileName());
        for (String file : List.of(ModelStore.MODEL_FILE, ModelStore.MANIFEST_FILE, ModelStore.FEATURES_FILE)) {
            assertThat(landed.resolve(file)).hasSameBinaryContentAs(local.resolve(file));
        }
        try (var children = Files.list(folder.resolve("models"))) {
            // Nothing left of the upload: only the model (and, on a local disk, Hadoop's hidden checksum files).
            assertThat(children.map(path -> path.getFileName().toString()).filter(name -> !name.endsWith(".crc")))
                    .containsExactly(local.getFileName().toString());
        }
    }

    @Test
    void givenALocalStore_whenOpened_thenItIsUsedInPlace() throws IOException {
        Path store = Files.createDirectories(folder.resolve("models"));

        try (LocalModelStore opened = LocalModelStore.open(new Configuration(), new org.apache.hadoop.fs.Path(store.toString()))) {
            assertThat(opened.path()).isEqualTo(store);
            assertThat(opened.describe("a warning about " + store)).isEqualTo("a warning about " + store);
        }

        assertThat(store).isDirectory();
    }

    @Test
    void givenAMissingStoreReachableOnlyThroughHadoop_whenOpened_thenTheCopyIsEmpty() {
        Configuration hadoop = new Configuration();

        Path copy;
        try (HadoopMount mount = HadoopMount.of(hadoop, folder);
                LocalModelStore opened = LocalModelStore.open(hadoop, new org.apache.hadoop.fs.Path(mount.resolve("none")))) {
            copy = opened.path();
            assertThat(copy).isEmptyDirectory();
        }

        assertThat(copy).doesNotExist();
    }
}
