package org.distillguard.nightly;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import org.distillguard.redact.HmacKey;
import org.distillguard.scoring.RuleSet;

/**
 * What the nightly scoring stage needs besides the data: the rules, the bundled bootstrap model (used until the
 * warehouse's model store holds a model trained on analysts' verdicts) and the operator's key that signs those models.
 */
public record ScoringSetup(RuleSet rules, Path bootstrapModel, Optional<HmacKey> operatorKey) {
    public ScoringSetup {
        requireNonNull(rules, "rules is null");
        requireNonNull(bootstrapModel, "bootstrapModel is null");
        requireNonNull(operatorKey, "operatorKey is null");
    }
}
