package org.distillguard.simulate;

/**
 * The behaviour an account follows, as written in the {@code kind} column of {@code truth.csv}.
 *
 * <p>The typical requests per day are medians for one account before the per-account volume spread; they are
 * chosen so that most accounts are light (as on a real platform) while the hard negatives are heavy, and a
 * hundred thousand accounts make one to two million requests a day.
 */
public enum Kind {
    CHAT_APP("chat-app", Label.BENIGN, 25, Diurnal.CONSUMER),
    CODING_ASSISTANT("coding-assistant", Label.BENIGN, 12, Diurnal.OFFICE),
    AGENT_FRAMEWORK("agent-framework", Label.BENIGN, 15, Diurnal.OFFICE),
    BATCH_CLASSIFIER("batch-classifier", Label.BENIGN, 300, Diurnal.FLAT),
    EVALUATION_HARNESS("evaluation-harness", Label.BENIGN, 150, Diurnal.FLAT),
    RESEARCH_LAB("research-lab", Label.BENIGN, 12, Diurnal.OFFICE),
    HOBBY_USER("hobby-user", Label.BENIGN, 3, Diurnal.EVENING),
    ENTERPRISE_RAG("enterprise-rag", Label.BENIGN, 15, Diurnal.OFFICE),

    BULK_DISTILLER("bulk-distiller", Label.DISTILL, 300, Diurnal.FLAT),
    REASONING_HARVESTER("reasoning-harvester", Label.DISTILL, 120, Diurnal.FLAT),
    LOGPROB_HARVESTER("logprob-harvester", Label.DISTILL, 150, Diurnal.FLAT),
    CAPABILITY_SWEEPER("capability-sweeper", Label.DISTILL, 120, Diurnal.OFFICE),
    HYDRA_MEMBER("hydra-member", Label.DISTILL, 30, Diurnal.FLAT),
    DILUTED_DISTILLER("diluted-distiller", Label.DISTILL, 40, Diurnal.CONSUMER),
    LOW_AND_SLOW("low-and-slow", Label.DISTILL, 12, Diurnal.EVENING),
    RELEASE_CHASER("release-chaser", Label.DISTILL, 3, Diurnal.EVENING);

    private final String text;
    private final Label label;
    private final double typicalRequestsPerDay;
    private final Diurnal diurnal;

    Kind(String text, Label label, double typicalRequestsPerDay, Diurnal diurnal) {
        this.text = text;
        this.label = label;
        this.typicalRequestsPerDay = typicalRequestsPerDay;
        this.diurnal = diurnal;
    }

    /** The name written in the truth file, e.g. {@code hydra-member}. */
    public String text() {
        return text;
    }

    public Label label() {
        return label;
    }

    public double typicalRequestsPerDay() {
        return typicalRequestsPerDay;
    }

    public Diurnal diurnal() {
        return diurnal;
    }

    public static Kind fromText(String text) {
        for (Kind kind : values()) {
            if (kind.text.equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Invalid kind: " + text + " (expected one of the names in the truth file, e.g. hydra-member)");
    }
}
