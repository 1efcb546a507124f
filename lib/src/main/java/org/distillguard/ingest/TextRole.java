package org.distillguard.ingest;

import java.util.Locale;

/** Where a text sits in a request-log record, for jobs that report where secrets appear. */
public enum TextRole {
    /** System and developer messages. */
    SYSTEM,
    /** User messages and the legacy completion prompt. */
    USER,
    /** Tool and function results sent back to the model. */
    TOOL,
    /** Earlier assistant turns replayed in the conversation. */
    ASSISTANT_HISTORY,
    /** The model's response (first choice). */
    RESPONSE,
    /** Messages with any other role. */
    OTHER;

    /** The name in reports: lower case, words joined by a hyphen ({@code assistant-history}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static TextRole ofMessageRole(String role) {
        return switch (role) {
            case "system", "developer" -> SYSTEM;
            case "user" -> USER;
            case "tool", "function" -> TOOL;
            case "assistant" -> ASSISTANT_HISTORY;
            default -> OTHER;
        };
    }
}
