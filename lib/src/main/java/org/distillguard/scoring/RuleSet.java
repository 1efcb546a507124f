package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The rules of {@code conf/rules.yaml}. {@link #bind} keeps the rules whose features the table has and lists the
 * others as warnings, so rules written for the full feature engine do not break a smaller table.
 */
public record RuleSet(List<Rule> rules) implements Serializable {

    public static final String DEFAULT_FILE = "conf/rules.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public RuleSet {
        requireNonNull(rules, "rules is null");
        rules = List.copyOf(rules);
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("Invalid rules: rule id " + rule.id() + " appears twice");
            }
        }
    }

    /** Loads and checks a rule file; an unknown key or operator fails here, by name. */
    public static RuleSet load(Path file) {
        requireNonNull(file, "file is null");
        try {
            com.fasterxml.jackson.databind.JsonNode tree = YAML.readTree(Files.readString(file));
            checkKeys(file, tree);
            RuleSet rules = YAML.treeToValue(tree, RuleSet.class);
            if (rules == null || rules.rules().isEmpty()) {
                throw new IllegalArgumentException("Cannot load rules " + file + ": no rules in the file");
            }
            return rules;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot load rules " + file + ": the file does not exist", e);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("Cannot load rules " + file + ": unknown key '" + e.getPropertyName()
                    + "' at " + path(e) + " (line " + e.getLocation().getLineNr() + "; expected one of "
                    + e.getKnownPropertyIds() + ")", e);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String why = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new IllegalArgumentException("Cannot load rules " + file + ": " + why + " at " + path(e)
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot load rules " + file + ": " + e.getMessage(), e);
        }
    }

    private static final Set<String> ROOT_KEYS = Set.of("rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "code", "weight", "sentence", "when");
    private static final Set<String> CONDITION_KEYS = Set.of("feature", "op", "value", "all", "any");

    /** Rejects an unknown key by name and place before binding, so a typo is reported as the typo it is. */
    private static void checkKeys(Path file, com.fasterxml.jackson.databind.JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("Cannot load rules " + file + ": expected a mapping with key 'rules'");
        }
        check(file, tree, ROOT_KEYS, "");
        com.fasterxml.jackson.databind.JsonNode rules = tree.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode rule = rules.get(i);
            check(file, rule, RULE_KEYS, "rules[" + i + "]");
            checkCondition(file, rule.get("when"), "rules[" + i + "].when");
        }
    }

    private static void checkCondition(Path file, com.fasterxml.jackson.databind.JsonNode condition, String at) {
        if (condition == null || !condition.isObject()) {
            return;
        }
        check(file, condition, CONDITION_KEYS, at);
        for (String combination : List.of("all", "any")) {
            com.fasterxml.jackson.databind.JsonNode children = condition.get(combination);
            if (children != null) {
                for (int i = 0; i < children.size(); i++) {
                    checkCondition(file, children.get(i), at + "." + combination + "[" + i + "]");
                }
            }
        }
    }

    private static void check(Path file, com.fasterxml.jackson.databind.JsonNode node, Set<String> allowed, String at) {
        if (!node.isObject()) {
            return;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("Cannot load rules " + file + ": unknown key '" + name + "' at "
                        + (at.isEmpty() ? "the top level" : at) + " (expected one of " + new java.util.TreeSet<>(allowed) + ")");
            }
        });
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            return mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return "?";
    }

    /** The rules this table can evaluate, and a warning for each rule that reads a feature it lacks. */
    public Bound bind(Collection<String> availableFeatures) {
        Set<String> available = new HashSet<>(availableFeatures);
        List<Rule> active = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Rule rule : rules) {
            Set<String> missing = new LinkedHashSet<>(rule.features());
            missing.removeAll(available);
            if (missing.isEmpty()) {
                active.add(rule);
            } else {
                warnings.add("rule " + rule.id() + " (" + rule.code() + ") skipped: the feature table has no "
                        + String.join(", ", missing));
            }
        }
        return new Bound(active, warnings);
    }

    /** Rules ready to run on one table. */
    public record Bound(List<Rule> rules, List<String> warnings) implements Serializable {
        public Bound {
            rules = List.copyOf(rules);
            warnings = List.copyOf(warnings);
        }

        /** The rules that fire, heaviest first (ties by id, so the order is stable). */
        public List<RuleHit> evaluate(ToDoubleFunction<String> values) {
            List<RuleHit> hits = new ArrayList<>();
            for (Rule rule : rules) {
                if (rule.fires(values)) {
                    hits.add(new RuleHit(rule.id(), rule.code(), rule.weight(), rule.explain(values)));
                }
            }
            hits.sort(Comparator.comparingDouble(RuleHit::weight).reversed().thenComparing(RuleHit::ruleId));
            return hits;
        }

        /** {@code 1 - prod(1 - weight)} over the hits: 0 when none fires, close to 1 when several strong rules do. */
        public static double score(List<RuleHit> hits) {
            double none = 1;
            for (RuleHit hit : hits) {
                none *= 1 - hit.weight();
            }
            return 1 - none;
        }

        /** Reason codes of the hits, most important first, each once. */
        public static List<String> reasons(List<RuleHit> hits) {
            return hits.stream().map(RuleHit::code).distinct().toList();
        }
    }
}
