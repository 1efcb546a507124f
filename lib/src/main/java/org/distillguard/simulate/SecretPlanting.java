package org.distillguard.simulate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Plants synthetic secrets (never real ones) in a share of prompts, the way users paste keys and tokens into what
 * they send, so the demo and the tests exercise redaction and the audit on realistic logs. Deterministic in the
 * request's seed.
 */
public final class SecretPlanting implements PromptDecorator {

    private final double share;
    private final List<String> kinds = SyntheticSecrets.kinds();

    public SecretPlanting(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("Invalid secret share: " + share + " (expected a fraction from 0 to 1)");
        }
        this.share = share;
    }

    @Override
    public String decorate(String prompt, PromptContext context) {
        SplittableRandom random = new SplittableRandom(context.requestSeed() ^ 0x5ec7e75L);
        if (random.nextDouble() >= share) {
            return prompt;
        }
        String kind = kinds.get(random.nextInt(kinds.size()));
        String secret = SyntheticSecrets.generate(kind, random);
        return prompt + "\n\n" + SyntheticSecrets.embed(kind, secret, random);
    }
}
