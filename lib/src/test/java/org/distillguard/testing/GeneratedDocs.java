package org.distillguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a committed document that the code generates: it must equal what the code generates now. Run the named test
 * with {@code -Ddistillguard.regenerate=<name>} to write the file instead.
 */
public final class GeneratedDocs {

    private GeneratedDocs() {}

    public static void check(Path file, String generated, String name, String testClass) {
        try {
            if (name.equals(System.getProperty("distillguard.regenerate"))) {
                Files.writeString(file, generated, StandardCharsets.UTF_8);
            }
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("%s drifted from the code; regenerate with mvn -B -q -o -pl lib test -Dtest=%s "
                            + "-Ddistillguard.regenerate=%s", file, testClass, name)
                    .isEqualTo(generated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
