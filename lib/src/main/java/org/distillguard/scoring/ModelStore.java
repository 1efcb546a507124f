package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.distillguard.redact.HmacKey;
import smile.classification.GradientTreeBoost;

/**
 * Writes and loads model directories. A directory holds the Smile model ({@value #MODEL_FILE}, Java-serialized), its
 * feature list, parameters, calibration, thresholds, training summary and metrics (JSON), and {@value #MANIFEST_FILE}
 * with the SHA-256 of every file and an HMAC-SHA256 over those digests.
 *
 * <p>Loading checks, in this order and before any object is deserialized: the manifest's HMAC under the expected
 * key, every file's digest, and the feature list against the table; then it deserializes through an allow-list
 * filter (Smile's classes, a few JDK value classes, primitive arrays) with depth, array and byte limits.
 *
 * <p>Operators' models are signed with their own key ({@code DISTILLGUARD_HMAC_KEY}). The bootstrap model that
 * ships with the project is signed with the published {@link #BOOTSTRAP_KEY_TEXT}, which proves only that the
 * files are unchanged since they were generated; that signature is accepted for the bundled bootstrap directory
 * only.
 */
public final class ModelStore {

    public static final String MODEL_FILE = "model.bin";
    public static final String FEATURES_FILE = "features.json";
    public static final String PARAMETERS_FILE = "parameters.json";
    public static final String CALIBRATION_FILE = "calibration.json";
    public static final String THRESHOLDS_FILE = "thresholds.json";
    public static final String SUMMARY_FILE = "training-summary.json";
    public static final String METRICS_FILE = "metrics.json";
    public static final String MANIFEST_FILE = "MANIFEST.json";
    public static final int FORMAT = 1;

    public static final String SIGNER_OPERATOR = "operator";
    public static final String SIGNER_BOOTSTRAP = "bootstrap";
    /** Published on purpose: anyone can re-sign a bootstrap model, so it is trusted only in the bundled folder. */
    public static final String BOOTSTRAP_KEY_TEXT = "distillguard-bootstrap-model-v1-published-not-secret";

    static final long MAX_DEPTH = 200;
    static final long MAX_ARRAY = 5_000_000;
    static final long MAX_BYTES = 256L * 1024 * 1024;
    static final long MAX_REFERENCES = 10_000_000;

    private static final Set<String> ALLOWED_JDK_CLASSES = Set.of(
            "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float",
            "java.lang.Short", "java.lang.Byte", "java.lang.Boolean", "java.lang.Character", "java.lang.String",
            "java.lang.Enum", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.ArrayList",
            "java.util.Map$Entry", "java.util.HashSet", "java.util.BitSet");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ModelStore() {}

    public static HmacKey bootstrapKey() {
        return HmacKey.of(BOOTSTRAP_KEY_TEXT);
    }

    /** Writes {@code model} into a new {@code <store>/<id>/} signed with the operator's key; returns that folder. */
    public static Path writeVersioned(TrainedModel model, Path store, HmacKey operatorKey, Instant now) {
        try {
            Files.createDirectories(store);
            Path staging = Files.createTempDirectory(store, ".staging-");
            String digest = write(model, staging, operatorKey, SIGNER_OPERATOR, "pending");
            String id = ID_TIME.format(now) + "-" + digest.substring(0, 8);
            // The id is part of the signed manifest: sign again with the final id, then move into place.
            write(model.withId(id), staging, operatorKey, SIGNER_OPERATOR, id);
            Path target = store.resolve(id);
            Files.move(staging, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write model to " + store + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code model} into {@code folder} (replacing what is there) and signs it; returns the manifest digest. */
    public static String write(TrainedModel model, Path folder, HmacKey key, String signer, String id) {
        requireNonNull(model, "model is null");
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(MODEL_FILE), serialize(model.scorer().model()));
            ObjectNode features = JSON.createObjectNode();
            ArrayNode names = features.putArray("features");
            model.features().forEach(names::add);
            ArrayNode fill = features.putArray("fill_values");
            for (double value : model.scorer().fillValues()) {
                fill.add(value);
            }
            writeJson(folder.resolve(FEATURES_FILE), features);
            writeJson(folder.resolve(PARAMETERS_FILE), model.parameters());
            writeJson(folder.resolve(CALIBRATION_FILE), model.calibration());
            writeJson(folder.resolve(THRESHOLDS_FILE), model.thresholds());
            writeJson(folder.resolve(SUMMARY_FILE), new TreeMap<>(model.trainingSummary()));
            writeJson(folder.resolve(METRICS_FILE), new TreeMap<>(model.metrics()));
            return seal(folder, key, signer, id);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write model to " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Writes the manifest of every file in {@code folder}: digests and the HMAC over them. Returns its digest. */
    static String seal(Path folder, HmacKey key, String signer, String id) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.equals(MANIFEST_FILE)) {
                    digests.put(name, sha256(Files.readAllBytes(file)));
                }
            }
        }
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("id", id);
        manifest.put("signer", signer);
        ObjectNode files = manifest.putObject("files");
        digests.forEach(files::put);
        manifest.put("hmac_sha256", HexFormat.of().formatHex(key.sign(signedText(id, signer, digests))));
        writeJson(folder.resolve(MANIFEST_FILE), manifest);
        return sha256(signedText(id, signer, digests));
    }

    private static byte[] signedText(String id, String signer, Map<String, String> digests) {
        StringBuilder text = new StringBuilder("distillguard-model format=" + FORMAT + " id=" + id + " signer=" + signer + "\n");
        digests.forEach((name, digest) -> text.append(digest).append("  ").append(name).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Loads a model directory after checking its signature, digests and feature list.
     *
     * @param folder the model directory
     * @param operatorKey the operator's key, to verify models the operator trained (empty: only the bootstrap loads)
     * @param bundledBootstrap the bootstrap folder that ships with the project (the only one whose bootstrap
     *     signature is accepted)
     * @param tableFeatures the numeric features of the table to score: every model feature must be among them
     */
    public static TrainedModel load(Path folder, Optional<HmacKey> operatorKey, Path bundledBootstrap,
            Collection<String> tableFeatures) {
        requireNonNull(folder, "folder is null");
        String what = "Cannot load model " + folder + ": ";
        JsonNode manifest = readManifest(folder, what);
        String signer = manifest.path("signer").asText("");
        String id = manifest.path("id").asText("");
        HmacKey key;
        if (SIGNER_BOOTSTRAP.equals(signer)) {
            if (!sameFolder(folder, bundledBootstrap)) {
                throw new IllegalArgumentException(what + "it is signed with the published bootstrap key, which is "
                        + "accepted only for the bundled bootstrap model in " + bundledBootstrap
                        + "; sign your own models with your key (train with DISTILLGUARD_HMAC_KEY set)");
            }
            key = bootstrapKey();
        } else if (SIGNER_OPERATOR.equals(signer)) {
            key = operatorKey.orElseThrow(() -> new IllegalArgumentException(what + "it is signed with the operator's "
                    + "key and no key is configured (set DISTILLGUARD_HMAC_KEY or pass --hmac-key-file FILE)"));
        } else {
            throw new IllegalArgumentException(what + "unknown signer '" + signer + "' in " + MANIFEST_FILE);
        }
        Map<String, String> digests = new TreeMap<>();
        manifest.path("files").fields().forEachRemaining(entry -> digests.put(entry.getKey(), entry.getValue().asText()));
        for (String required : List.of(MODEL_FILE, FEATURES_FILE, CALIBRATION_FILE, THRESHOLDS_FILE, PARAMETERS_FILE)) {
            if (!digests.containsKey(required)) {
                throw new IllegalArgumentException(what + MANIFEST_FILE + " does not list " + required);
            }
        }
        byte[] expected = key.sign(signedText(id, signer, digests));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(manifest.path("hmac_sha256").asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + "the manifest's HMAC is not hexadecimal", e);
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new IllegalArgumentException(what + "the manifest's HMAC does not verify (the manifest was edited, "
                    + "or the model was signed with another key)");
        }
        Map<String, byte[]> contents = new TreeMap<>();
        for (Map.Entry<String, String> entry : digests.entrySet()) {
            Path file = folder.resolve(entry.getKey()).normalize();
            if (!file.getParent().equals(folder.normalize())) {
                throw new IllegalArgumentException(what + MANIFEST_FILE + " names a file outside the folder: " + entry.getKey());
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IllegalArgumentException(what + "cannot read " + entry.getKey() + " (" + e.getClass().getSimpleName() + ")", e);
            }
            if (!sha256(bytes).equals(entry.getValue())) {
                throw new IllegalArgumentException(what + entry.getKey() + " was modified after the model was signed "
                        + "(its SHA-256 differs from " + MANIFEST_FILE + ")");
            }
            contents.put(entry.getKey(), bytes);
        }
        try {
            JsonNode featureNode = JSON.readTree(contents.get(FEATURES_FILE));
            List<String> features = new ArrayList<>();
            featureNode.path("features").forEach(node -> features.add(node.asText()));
            double[] fill = new double[features.size()];
            for (int j = 0; j < fill.length; j++) {
                fill[j] = featureNode.path("fill_values").path(j).asDouble(Double.NaN);
            }
            Set<String> missing = new LinkedHashSet<>(features);
            missing.removeAll(new LinkedHashSet<>(tableFeatures));
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(what + "the feature table lacks " + missing.size() + " of the model's "
                        + features.size() + " features: " + String.join(", ", missing)
                        + " (score a table from the same feature engine, or train a model on this table)");
            }
            GradientTreeBoost smileModel = deserialize(contents.get(MODEL_FILE), GradientTreeBoost.class, what);
            GradientBoostScorer scorer = new GradientBoostScorer(features, fill, smileModel);
            IsotonicCalibration calibration = JSON.readValue(contents.get(CALIBRATION_FILE), IsotonicCalibration.class);
            CohortThresholds thresholds = JSON.readValue(contents.get(THRESHOLDS_FILE), CohortThresholds.class);
            GradientBoostParameters parameters = JSON.readValue(contents.get(PARAMETERS_FILE), GradientBoostParameters.class);
            Map<String, Object> summary = contents.containsKey(SUMMARY_FILE)
                    ? JSON.readValue(contents.get(SUMMARY_FILE), Map.class) : Map.of();
            Map<String, Object> metrics = contents.containsKey(METRICS_FILE)
                    ? JSON.readValue(contents.get(METRICS_FILE), Map.class) : Map.of();
            return new TrainedModel(id, scorer, calibration, thresholds, parameters, summary, metrics);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + "unreadable JSON: " + e.getMessage(), e);
        }
    }

    /** The newest directory under {@code store} that loads, or empty when none does. */
    public static Optional<Path> latest(Path store, Optional<HmacKey> operatorKey, Path bundledBootstrap,
            Collection<String> tableFeatures, List<String> skipped) {
        if (!Files.isDirectory(store)) {
            return Optional.empty();
        }
        List<Path> candidates;
        try (Stream<Path> children = Files.list(store)) {
            candidates = children.filter(path -> isModelFolderName(path.getFileName().toString())
                            && Files.isRegularFile(path.resolve(MANIFEST_FILE)))
                    .sorted(Comparator.comparing((Path path) -> path.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list models in " + store + ": " + e.getMessage(), e);
        }
        for (Path candidate : candidates) {
            try {
                load(candidate, operatorKey, bundledBootstrap, tableFeatures);
                return Optional.of(candidate);
            } catch (IllegalArgumentException e) {
                skipped.add(e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Whether a folder in a store may hold a model: not hidden (a model being written is staged as {@code .staging-…}). */
    static boolean isModelFolderName(String name) {
        return !name.startsWith(".") && !name.startsWith("_");
    }

    private static JsonNode readManifest(Path folder, String what) {
        Path file = folder.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + "no " + MANIFEST_FILE + " (not a model directory)");
        }
        try {
            JsonNode manifest = JSON.readTree(file.toFile());
            if (manifest.path("format").asInt(-1) != FORMAT) {
                throw new IllegalArgumentException(what + "unsupported format " + manifest.path("format")
                        + " (expected " + FORMAT + ")");
            }
            return manifest;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + MANIFEST_FILE + " is not valid JSON", e);
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return b != null && Files.isDirectory(b) && a.toRealPath().equals(b.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** The filter every model file is read through: allowed classes only, within the limits. */
    static ObjectInputFilter filter() {
        return info -> {
            if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.streamBytes() > MAX_BYTES
                    || (info.arrayLength() >= 0 && info.arrayLength() > MAX_ARRAY)) {
                return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            while (type.isArray()) {
                type = type.getComponentType();
            }
            if (type.isPrimitive()) {
                return ObjectInputFilter.Status.ALLOWED;
            }
            String name = type.getName();
            if (name.startsWith("smile.") || ALLOWED_JDK_CLASSES.contains(name)) {
                return ObjectInputFilter.Status.ALLOWED;
            }
            return ObjectInputFilter.Status.REJECTED;
        };
    }

    static <T> T deserialize(byte[] bytes, Class<T> type, String what) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(what + MODEL_FILE + " is larger than " + MAX_BYTES + " bytes");
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(filter());
            Object object = in.readObject();
            if (!type.isInstance(object)) {
                throw new IllegalArgumentException(what + MODEL_FILE + " holds a " + object.getClass().getName()
                        + " (expected " + type.getName() + ")");
            }
            return type.cast(object);
        } catch (InvalidClassException e) {
            throw new IllegalArgumentException(what + MODEL_FILE + " holds a class outside the allow-list or exceeds "
                    + "the size limits (" + e.getMessage() + ")", e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException(what + MODEL_FILE + " cannot be deserialized (" + e.getMessage() + ")", e);
        }
    }

    static byte[] serialize(Serializable object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize model: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static void writeJson(Path file, Object value) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(value));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash: SHA-256 is unavailable", e);
        }
    }
}
