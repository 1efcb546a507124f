package org.distillguard.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.distillguard.config.ConfigLoader;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.redact.HmacKey;
import picocli.CommandLine.Option;

/** Options every command takes: configuration and the pseudonymization key. */
final class CommonOptions {

    @Option(names = "--conf", paramLabel = "FILE",
            description = "YAML configuration file (overrides the built-in defaults; see conf/distillguard.yaml).")
    Path conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one configuration key, e.g. --set ingest.max-line-bytes=2097152. "
                    + "Overrides --conf. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--hmac-key-file", paramLabel = "FILE",
            description = "File holding the pseudonymization key. Default: the environment variable DISTILLGUARD_HMAC_KEY.")
    Path hmacKeyFile;

    DistillGuardConfig config() {
        return ConfigLoader.load(Optional.ofNullable(conf), overrides);
    }

    /** The operator's key; refuses to go on without one. */
    HmacKey requiredKey() {
        return hmacKeyFile != null ? HmacKey.fromFile(hmacKeyFile) : HmacKey.fromEnvironment(System.getenv());
    }

    /** The operator's key when one is configured. */
    Optional<HmacKey> optionalKey() {
        if (hmacKeyFile != null || System.getenv(HmacKey.ENVIRONMENT_VARIABLE) != null) {
            return Optional.of(requiredKey());
        }
        return Optional.empty();
    }

    /** The operator's key when one is given, else a fresh random key that lives only as long as this run. */
    HmacKey keyOrEphemeral(java.io.PrintStream out) {
        if (hmacKeyFile != null || System.getenv(HmacKey.ENVIRONMENT_VARIABLE) != null) {
            return requiredKey();
        }
        out.println("No DISTILLGUARD_HMAC_KEY set: using an ephemeral random key for this demo run only "
                + "(pseudonyms will differ between runs).");
        return HmacKey.ephemeral(new SecureRandom());
    }
}
