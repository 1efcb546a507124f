package org.distillguard.scoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.distillguard.redact.HmacKey;

/**
 * Which supervised model scores a day: a named model, the newest valid model in the store (models trained on the
 * analysts' verdicts), else the bundled bootstrap model, else none (rules and isolation forest only).
 */
public final class ModelResolver {

    public static final String LATEST = "latest";
    public static final String BOOTSTRAP = "bootstrap";

    private ModelResolver() {}

    public static Optional<TrainedModel> resolve(String choice, Path store, Path bootstrap, Optional<HmacKey> key,
            List<String> tableFeatures, List<String> warnings) {
        switch (choice) {
            case ScoreJob.NO_MODEL:
                return Optional.empty();
            case BOOTSTRAP:
                return Optional.of(ModelStore.load(bootstrap, key, bootstrap, tableFeatures));
            case LATEST: {
                Optional<Path> latest = Files.isDirectory(store)
                        ? ModelStore.latest(store, key, bootstrap, tableFeatures, warnings) : Optional.empty();
                if (latest.isPresent()) {
                    return Optional.of(ModelStore.load(latest.get(), key, bootstrap, tableFeatures));
                }
                if (Files.isDirectory(bootstrap)) {
                    warnings.add("no valid model in " + store + ": using the bundled bootstrap model");
                    return Optional.of(ModelStore.load(bootstrap, key, bootstrap, tableFeatures));
                }
                warnings.add("no valid model in " + store + " and no bootstrap model: rules and isolation forest only");
                return Optional.empty();
            }
            default: {
                Path folder = Path.of(choice);
                if (!Files.isDirectory(folder)) {
                    folder = store.resolve(choice);
                }
                return Optional.of(ModelStore.load(folder, key, bootstrap, tableFeatures));
            }
        }
    }
}
