package org.distillguard.features;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The phrase lists the text features match, loaded from the shipped {@code conf/} files (bundled in the jar under
 * {@code distillguard/conf/}): chain-of-thought phrases by language ({@code cot-lexicon.yaml}), the capability
 * taxonomy ({@code capability-taxonomy.yaml}) and the follow-up and training-pair cues ({@code prompt-cues.yaml}).
 *
 * @param cotPhrases phrases by language code, in file order (the order is the bit order of {@code cot_mask})
 * @param capabilities keywords by capability, in file order (the bit order of {@code capability_mask})
 * @param followUpPhrases phrases that refer to the model's previous answer
 * @param structuredPairPhrases phrases that ask for instruction/response or question/answer pairs
 */
public record Lexicons(
        Map<String, List<String>> cotPhrases,
        Map<String, List<String>> capabilities,
        List<String> followUpPhrases,
        List<String> structuredPairPhrases) implements Serializable {

    public static final String COT_RESOURCE = "/distillguard/conf/cot-lexicon.yaml";
    public static final String CAPABILITY_RESOURCE = "/distillguard/conf/capability-taxonomy.yaml";
    public static final String CUES_RESOURCE = "/distillguard/conf/prompt-cues.yaml";
    /** Capabilities are bits of an int column, and one bit is kept for tool use seen in the request's tool list. */
    public static final int MAX_CAPABILITIES = 31;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public Lexicons {
        cotPhrases = copy(requireNonNull(cotPhrases, "cotPhrases is null"));
        capabilities = copy(requireNonNull(capabilities, "capabilities is null"));
        followUpPhrases = List.copyOf(requireNonNull(followUpPhrases, "followUpPhrases is null"));
        structuredPairPhrases = List.copyOf(requireNonNull(structuredPairPhrases, "structuredPairPhrases is null"));
        if (cotPhrases.size() > 31) {
            throw new IllegalArgumentException("Invalid chain-of-thought lexicon: " + cotPhrases.size()
                    + " languages (expected at most 31)");
        }
        if (capabilities.size() > MAX_CAPABILITIES) {
            throw new IllegalArgumentException("Invalid capability taxonomy: " + capabilities.size()
                    + " capabilities (expected at most " + MAX_CAPABILITIES + ")");
        }
    }

    /** The lists shipped in {@code conf/}. */
    public static Lexicons shipped() {
        Map<String, Map<String, List<String>>> cot = read(COT_RESOURCE, new TypeReference<>() {});
        Map<String, Map<String, List<String>>> taxonomy = read(CAPABILITY_RESOURCE, new TypeReference<>() {});
        Map<String, List<String>> cues = read(CUES_RESOURCE, new TypeReference<>() {});
        return new Lexicons(require(cot, "languages", COT_RESOURCE), require(taxonomy, "capabilities", CAPABILITY_RESOURCE),
                require(cues, "follow-up", CUES_RESOURCE), require(cues, "structured-pairs", CUES_RESOURCE));
    }

    public List<String> cotLanguages() {
        return List.copyOf(cotPhrases.keySet());
    }

    public List<String> capabilityNames() {
        return List.copyOf(capabilities.keySet());
    }

    /**
     * One automaton over every list, so a prompt is scanned once: chain-of-thought languages take bits from 0 in file
     * order, capabilities follow from {@link #capabilityShift()}, and the follow-up and training-pair cues take the
     * two bits from {@link #cueShift()}. At most 31 + 31 + 2 groups, so they fit one long.
     */
    PhraseMatcher phraseMatcher() {
        List<List<String>> groups = new ArrayList<>(cotPhrases.values());
        groups.addAll(capabilities.values());
        groups.add(followUpPhrases);
        groups.add(structuredPairPhrases);
        return PhraseMatcher.of(groups);
    }

    int capabilityShift() {
        return cotPhrases.size();
    }

    int cueShift() {
        return cotPhrases.size() + capabilities.size();
    }

    private static <T> T require(Map<String, T> map, String key, String resource) {
        T value = map == null ? null : map.get(key);
        if (value == null) {
            throw new IllegalStateException("Cannot load " + resource + ": key " + key + " is missing");
        }
        return value;
    }

    private static <T> T read(String resource, TypeReference<T> type) {
        try (InputStream in = Lexicons.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Cannot load " + resource
                        + ": classpath resource is missing (the lib jar bundles conf/)");
            }
            return YAML.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + resource + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        map.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
