package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** A rule that fired on one account, with its sentence filled in. */
public record RuleHit(String ruleId, String code, double weight, String sentence) implements Serializable {
    public RuleHit {
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(code, "code is null");
        requireNonNull(sentence, "sentence is null");
    }
}
