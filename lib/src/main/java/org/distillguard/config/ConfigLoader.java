package org.distillguard.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves the configuration in one documented order, each later source overriding the earlier:
 * <ol>
 *   <li>built-in defaults (the {@code *_DEFAULT} constants beside each key);</li>
 *   <li>the YAML file given with {@code --conf};</li>
 *   <li>{@code --set key=value} overrides on the command line, in the order given.</li>
 * </ol>
 * Keys are kebab-case ({@code ingest.max-line-bytes}). An unknown key anywhere is rejected by its full name.
 * Spark settings given to {@code spark-submit} are not part of this order: they always win (see {@code SparkSessions}).
 */
public final class ConfigLoader {

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ConfigLoader() {}

    public static DistillGuardConfig load(Optional<Path> file, List<String> overrides) {
        ObjectNode tree = MAPPER.valueToTree(DistillGuardConfig.defaults());
        if (file.isPresent()) {
            merge(tree, readFile(file.get()), "");
        }
        for (String override : overrides) {
            applyOverride(tree, override);
        }
        return bind(tree);
    }

    public static DistillGuardConfig defaults() {
        return DistillGuardConfig.defaults();
    }

    /** The resolved configuration as YAML, with every key, for {@code --print-config} and the docs. */
    public static String toYaml(DistillGuardConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render config: " + e.getOriginalMessage(), e);
        }
    }

    /** SHA-256 of the resolved configuration, recorded in manifests so a run names the settings it used. */
    public static String hash(DistillGuardConfig config) {
        try {
            byte[] canonical = new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(config);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash config: " + e.getMessage(), e);
        }
    }

    private static JsonNode readFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return MAPPER.createObjectNode();
            }
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return MAPPER.createObjectNode();
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("Invalid config file: " + file + " (expected a YAML mapping of sections)");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot read config file: " + file + " does not exist", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid config file: " + file + ": " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read config file: " + file, e);
        }
    }

    private static void merge(ObjectNode target, JsonNode source, String path) {
        Iterator<String> names = source.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode value = source.get(name);
            JsonNode existing = target.get(name);
            if (existing instanceof ObjectNode existingObject && value.isObject()) {
                merge(existingObject, value, path + name + ".");
            } else {
                target.set(name, value);
            }
        }
    }

    private static void applyOverride(ObjectNode tree, String override) {
        int equals = override.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("Invalid --set: '" + override + "' (expected key=value, e.g. ingest.max-line-bytes=2097152)");
        }
        String key = override.substring(0, equals).strip();
        String value = override.substring(equals + 1);
        String[] parts = key.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode childObject)) {
                throw unknownKey(key, node, parts[i]);
            }
            if (childObject.isEmpty() || isFreeFormMap(key, i)) {
                // A free-form map (spark.settings): the rest of the key, dots and all, is one entry.
                String entry = String.join(".", List.of(parts).subList(i + 1, parts.length));
                childObject.set(entry, TextNode.valueOf(value));
                return;
            }
            node = childObject;
        }
        String leaf = parts[parts.length - 1];
        JsonNode current = node.get(leaf);
        if (current == null) {
            throw unknownKey(key, node, leaf);
        }
        node.set(leaf, typed(key, current, value));
    }

    private static boolean isFreeFormMap(String key, int depth) {
        return depth == 1 && key.startsWith("spark.settings.");
    }

    private static JsonNode typed(String key, JsonNode current, String value) {
        String text = value.strip();
        try {
            if (current.isBoolean()) {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException("Invalid value for " + key + ": '" + value + "' (expected true or false)");
                }
                return BooleanNode.valueOf(Boolean.parseBoolean(text));
            }
            if (current.isIntegralNumber()) {
                return LongNode.valueOf(Long.parseLong(text));
            }
            if (current.isNumber()) {
                return DoubleNode.valueOf(Double.parseDouble(text));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value for " + key + ": '" + value + "' (expected a number)", e);
        }
        if (current.isTextual()) {
            return TextNode.valueOf(value);
        }
        try {
            return MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid value for " + key + ": '" + value + "' (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static IllegalArgumentException unknownKey(String key, JsonNode parent, String missing) {
        List<String> known = new ArrayList<>();
        parent.fieldNames().forEachRemaining(known::add);
        return new IllegalArgumentException("Invalid config key: " + key + " ('" + missing + "' is not a key here; known keys: "
                + String.join(", ", known) + ")");
    }

    private static DistillGuardConfig bind(ObjectNode tree) {
        try {
            return MAPPER.treeToValue(tree, DistillGuardConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String path = pathOf(e);
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new IllegalArgumentException("Invalid config key: " + path + " (known keys here: " + known + ")", e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage(), e);
        } catch (InvalidFormatException e) {
            throw new IllegalArgumentException("Invalid value for " + pathOf(e) + ": '" + e.getValue() + "' (expected "
                    + e.getTargetType().getSimpleName() + ")", e);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException("Invalid value for " + pathOf(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid config: " + e.getOriginalMessage(), e);
        }
    }

    private static String pathOf(MismatchedInputException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
