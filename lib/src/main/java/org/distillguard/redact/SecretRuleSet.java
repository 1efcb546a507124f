package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered list of rules the {@link Redactor} applies. Order matters only for ties: when two rules match spans of
 * equal length, the one listed first names the finding.
 *
 * <p>Sources, in override order: the shipped defaults ({@value #DEFAULT_RESOURCE} on the classpath, from
 * {@code conf/secret-rules.yaml}), then an operator file whose rules replace defaults of the same id in place and
 * append the others.
 */
public record SecretRuleSet(List<SecretRule> rules) implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_RESOURCE = "/distillguard/conf/secret-rules.yaml";

    public SecretRuleSet {
        rules = List.copyOf(requireNonNull(rules, "rules is null"));
        Set<String> ids = new HashSet<>();
        for (SecretRule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("Invalid secret rules: duplicate rule id '" + rule.id() + "'");
            }
        }
    }

    /** The shipped rule set. */
    public static SecretRuleSet defaults() {
        return Defaults.RULES;
    }

    /** The shipped rules merged with an operator file, if one is given. */
    public static SecretRuleSet defaultsWith(Optional<Path> operatorFile) {
        requireNonNull(operatorFile, "operatorFile is null");
        return operatorFile.map(path -> defaults().withOverrides(fromPath(path))).orElseGet(SecretRuleSet::defaults);
    }

    public static SecretRuleSet fromPath(Path path) {
        requireNonNull(path, "path is null");
        try (InputStream in = Files.newInputStream(path)) {
            return SecretRulesYaml.parse(in, path.toString());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read secret rules from " + path + ": " + e.getMessage(), e);
        }
    }

    public static SecretRuleSet fromYaml(InputStream in, String sourceName) {
        return SecretRulesYaml.parse(in, sourceName);
    }

    /** This set with {@code overrides} merged in: same id replaces in place, new ids are appended. */
    public SecretRuleSet withOverrides(SecretRuleSet overrides) {
        requireNonNull(overrides, "overrides is null");
        Map<String, SecretRule> merged = new LinkedHashMap<>();
        for (SecretRule rule : rules) {
            merged.put(rule.id(), rule);
        }
        for (SecretRule rule : overrides.rules()) {
            merged.put(rule.id(), rule);
        }
        return new SecretRuleSet(new ArrayList<>(merged.values()));
    }

    public Optional<SecretRule> rule(String id) {
        return rules.stream().filter(rule -> rule.id().equals(id)).findFirst();
    }

    public List<String> ids() {
        return rules.stream().map(SecretRule::id).toList();
    }

    private static final class Defaults {
        static final SecretRuleSet RULES = load();

        private static SecretRuleSet load() {
            try (InputStream in = SecretRuleSet.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Cannot load the default secret rules: classpath resource "
                            + DEFAULT_RESOURCE + " is missing (the lib jar bundles conf/secret-rules.yaml)");
                }
                return SecretRulesYaml.parse(in, "classpath:" + DEFAULT_RESOURCE);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot load the default secret rules: " + e.getMessage(), e);
            }
        }
    }
}
