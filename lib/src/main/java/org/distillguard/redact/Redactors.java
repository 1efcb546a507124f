package org.distillguard.redact;

import java.nio.file.Path;
import java.util.Optional;
import org.distillguard.config.RedactionConfig;

/** Builds the redactor the configuration asks for: the shipped rules plus the operator's own, if any. */
public final class Redactors {
    private Redactors() {}

    public static Redactor fromConfig(RedactionConfig config) {
        Optional<Path> extra = config.extraRulesFile().isEmpty() ? Optional.empty() : Optional.of(Path.of(config.extraRulesFile()));
        return new Redactor(SecretRuleSet.defaultsWith(extra));
    }
}
