package org.distillguard.simulate;

/**
 * The one place where the final user prompt of a request can be rewritten before it is written, e.g. to plant
 * synthetic secrets that the redaction stage must find. The simulator itself plants nothing: its default is
 * {@link #identity()}.
 */
@FunctionalInterface
public interface PromptDecorator {

    /**
     * Returns the prompt to write instead of {@code prompt}. Must be deterministic in its arguments so that the
     * same seed still gives the same bytes; {@code context.requestSeed()} is the randomness to use.
     */
    String decorate(String prompt, PromptContext context);

    static PromptDecorator identity() {
        return (prompt, context) -> prompt;
    }

    /** What a decorator may know about the request whose prompt it rewrites. */
    record PromptContext(String accountId, Kind kind, String requestId, long requestSeed) {
        public PromptContext {
            java.util.Objects.requireNonNull(accountId, "accountId is null");
            java.util.Objects.requireNonNull(kind, "kind is null");
            java.util.Objects.requireNonNull(requestId, "requestId is null");
        }
    }
}
