package org.distillguard.simulate;

/** Every tunable number of the simulator, in one place, with why it has its value. */
final class SimulationDefaults {

    private SimulationDefaults() {
    }

    static final String MODEL_LARGE = "frontier-large";
    static final String MODEL_MINI = "frontier-mini";
    static final String MODEL_REASONING = "frontier-reasoning";
    /** The model released in the middle of the window; release chasers (and some ordinary users) move to it. */
    static final String MODEL_RELEASED = "frontier-large-2";
    /** Largest completion the simulated models allow; bulk distillers ask for nearly all of it. */
    static final int MODEL_OUTPUT_LIMIT = 8192;

    static final String CHAT_ENDPOINT = "/v1/chat/completions";
    static final String COMPLETIONS_ENDPOINT = "/v1/completions";

    /** Rough English tokenizer ratio; good enough to keep usage consistent with the text written. */
    static final double CHARACTERS_PER_TOKEN = 4.0;
    /** Response bodies are logged truncated (as gateways do) so files stay small; usage carries the true length. */
    static final int RESPONSE_CONTENT_MAX_CHARACTERS = 600;
    /** Cap on prompt text written per request; long contexts are represented up to this size. */
    static final int PROMPT_MAX_CHARACTERS = 4000;

    /** Shares of calls rejected by the rate limiter and failing inside the service. */
    static final double RATE_LIMITED_SHARE = 0.006;
    static final double SERVER_ERROR_SHARE = 0.002;
    /** Share of calls a gateway logs twice under the same request id (a retry after a lost acknowledgement). */
    static final double GATEWAY_RETRY_SHARE = 0.001;

    /** Share of benign accounts that move to the newly released model after the release. */
    static final double BENIGN_RELEASE_ADOPTION = 0.3;

    static final int HYDRA_MIN_MEMBERS = 20;
    static final int HYDRA_MAX_MEMBERS = 500;
    /** Share of the attack accounts that belong to hydra clusters (the dominant campaign shape in public reports). */
    static final double HYDRA_SHARE_OF_ATTACKERS = 0.5;
    /** Hydra members are as light as hobby users: tens of requests a day; lighter still in the hard scenario. */
    static final double HYDRA_REQUESTS_PER_MEMBER_DAY = 30;
    static final double HARD_HYDRA_REQUESTS_PER_MEMBER_DAY = 6;
    /** Share of a hydra member's calls that are unrelated ordinary requests mixed in as cover. */
    static final double HYDRA_COVER_SHARE = 0.1;

    /** Release chasers multiply their volume this much in the day after the release. */
    static final double RELEASE_SURGE_FACTOR = 120;

    /** Bounds on the ServeGen-derived parameters, so one extreme client does not make an account absurd. */
    static final double VOLUME_MIN = 0.25;
    static final double VOLUME_MAX = 3.0;
    static final double BURST_CV_MIN = 0.6;
    static final double BURST_CV_MAX = 4.0;
    static final double WEIBULL_SHAPE_MIN = 0.3;
    static final double WEIBULL_SHAPE_MAX = 3.0;
    /** Per-account volume noise on top of the ServeGen spread (log-normal sigma). */
    static final double VOLUME_NOISE_SIGMA = 0.35;

    /** Benign population mix: typical platform (most accounts light) and the hard scenario (many heavy users). */
    static final Kind[] BENIGN_KINDS = {
        Kind.HOBBY_USER, Kind.CHAT_APP, Kind.CODING_ASSISTANT, Kind.AGENT_FRAMEWORK,
        Kind.BATCH_CLASSIFIER, Kind.EVALUATION_HARNESS, Kind.RESEARCH_LAB, Kind.ENTERPRISE_RAG
    };
    static final double[] BENIGN_WEIGHTS = {58, 8, 12, 5, 0.5, 0.3, 3, 4};
    static final double[] HARD_BENIGN_WEIGHTS = {15, 14, 20, 12, 5, 4, 10, 10};
    /** Attack kinds other than hydra members, with their relative frequency. */
    static final Kind[] LONE_ATTACK_KINDS = {
        Kind.BULK_DISTILLER, Kind.REASONING_HARVESTER, Kind.LOGPROB_HARVESTER, Kind.CAPABILITY_SWEEPER,
        Kind.DILUTED_DISTILLER, Kind.LOW_AND_SLOW, Kind.RELEASE_CHASER
    };
    static final double[] LONE_ATTACK_WEIGHTS = {1.5, 1, 1, 1, 1, 1.5, 1};

    /** Share of benign business accounts that belong to one company with several accounts and one card. */
    static final double CORPORATE_FAMILY_SHARE = 0.04;
}
