package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.distillguard.redact.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    private static final HmacKey KEY = HmacKey.of("operator-test-key-0123456789abcdef-0123456789");
    private static TrainedModel model;

    @TempDir
    Path folder;

    /** Not a Smile class: the allow-list must refuse it even though HashMap itself is allowed. */
    static final class ForeignMap extends HashMap<String, String> {
        private static final long serialVersionUID = 1L;
    }

    @BeforeAll
    static void train() {
        model = TestModels.trained();
    }

    private Path written() {
        return ModelStore.writeVersioned(model, folder.resolve("models"), KEY, Instant.parse("2026-11-24T03:00:00Z"));
    }

    @Test
    void givenAWrittenModel_whenLoaded_thenItScoresAsBeforeAndTheIdIsTimestampAndDigest() throws IOException {
        Path written = written();

        TrainedModel loaded = ModelStore.load(written, Optional.of(KEY), folder.resolve("no-bootstrap"), TestModels.FEATURES);

        assertThat(written.getFileName().toString()).matches("20261124T030000Z-[0-9a-f]{8}");
        assertThat(loaded.id()).isEqualTo(written.getFileName().toString());
        double[] row = {100, 0.9, 0};
        assertThat(loaded.scorer().score(row)).isEqualTo(model.scorer().score(row));
        assertThat(loaded.features()).isEqualTo(TestModels.FEATURES);
        assertThat(Files.list(written).map(path -> path.getFileName().toString()).toList()).contains(
                "model.bin", "features.json", "parameters.json", "calibration.json", "thresholds.json",
                "training-summary.json", "metrics.json", "MANIFEST.json");
    }

    @Test
    void givenATamperedFile_whenLoaded_thenItFailsBeforeDeserializing() throws IOException {
        Path written = written();
        Path thresholds = written.resolve(ModelStore.THRESHOLDS_FILE);
        Files.writeString(thresholds, Files.readString(thresholds).replace("\"review\"", "\"review\" ").concat(" "));

        assertThatThrownBy(() -> ModelStore.load(written, Optional.of(KEY), folder, TestModels.FEATURES))
                .hasMessage("Cannot load model " + written + ": thresholds.json was modified after the model was signed "
                        + "(its SHA-256 differs from MANIFEST.json)");
    }

    @Test
    void givenAnEditedManifestOrAnotherKey_whenLoaded_thenTheHmacFails() throws IOException {
        Path written = written();
        HmacKey other = HmacKey.of("another-operator-key-0123456789abcdef-01234");

        assertThatThrownBy(() -> ModelStore.load(written, Optional.of(other), folder, TestModels.FEATURES))
                .hasMessageContaining("the manifest's HMAC does not verify");

        Path manifest = written.resolve(ModelStore.MANIFEST_FILE);
        byte[] evil = "rO0AB".getBytes(StandardCharsets.UTF_8);
        Files.write(written.resolve(ModelStore.MODEL_FILE), evil);
        String digest = ModelStore.sha256(evil);
        String text = Files.readString(manifest).replaceAll("\"model.bin\" : \"[0-9a-f]+\"", "\"model.bin\" : \"" + digest + "\"");
        Files.writeString(manifest, text);
        assertThatThrownBy(() -> ModelStore.load(written, Optional.of(KEY), folder, TestModels.FEATURES))
                .hasMessage("Cannot load model " + written + ": the manifest's HMAC does not verify (the manifest was "
                        + "edited, or the model was signed with another key)");
    }

    @Test
    void givenAForeignClassInASignedFile_whenLoaded_thenTheAllowListRejectsIt() throws IOException {
        Path written = written();
        ForeignMap foreign = new ForeignMap();
        foreign.put("a", "b");
        Files.write(written.resolve(ModelStore.MODEL_FILE), ModelStore.serialize(foreign));
        ModelStore.seal(written, KEY, ModelStore.SIGNER_OPERATOR, written.getFileName().toString());

        assertThatThrownBy(() -> ModelStore.load(written, Optional.of(KEY), folder, TestModels.FEATURES))
                .hasMessageStartingWith("Cannot load model " + written + ": model.bin holds a class outside the allow-list");
    }

    @Test
    void givenATableWithDifferentFeatures_whenLoaded_thenItNamesTheMissingOnes() {
        Path written = written();

        assertThatThrownBy(() -> ModelStore.load(written, Optional.of(KEY), folder, List.of("requests", "noise", "other")))
                .hasMessage("Cannot load model " + written + ": the feature table lacks 1 of the model's 3 features: "
                        + "logprobs_share (score a table from the same feature engine, or train a model on this table)");
    }

    @Test
    void givenABootstrapSignatureOutsideTheBundledFolder_whenLoaded_thenItIsRefused() throws IOException {
        Path bundled = folder.resolve("bundled");
        ModelStore.write(model, bundled, ModelStore.bootstrapKey(), ModelStore.SIGNER_BOOTSTRAP, "bootstrap");
        Path copy = folder.resolve("copy");
        ModelStore.write(model, copy, ModelStore.bootstrapKey(), ModelStore.SIGNER_BOOTSTRAP, "bootstrap");

        assertThat(ModelStore.load(bundled, Optional.empty(), bundled, TestModels.FEATURES).id()).isEqualTo("bootstrap");
        assertThatThrownBy(() -> ModelStore.load(copy, Optional.of(KEY), bundled, TestModels.FEATURES))
                .hasMessageContaining("signed with the published bootstrap key, which is accepted only for the bundled");
    }

    @Test
    void givenSeveralModels_whenLatest_thenTheNewestValidOneIsPicked() throws IOException {
        Path store = folder.resolve("models");
        Path older = ModelStore.writeVersioned(model, store, KEY, Instant.parse("2026-11-20T00:00:00Z"));
        Path newer = ModelStore.writeVersioned(model, store, KEY, Instant.parse("2026-11-22T00:00:00Z"));
        Files.writeString(newer.resolve(ModelStore.METRICS_FILE), "{}");
        List<String> skipped = new ArrayList<>();

        assertThat(ModelStore.latest(store, Optional.of(KEY), folder, TestModels.FEATURES, skipped)).contains(older);
        assertThat(skipped).singleElement().asString().contains("metrics.json was modified");
    }
}
