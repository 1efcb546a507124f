package org.distillguard.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The shipped {@code conf/} files are also inside the jar (under {@code distillguard/conf/}), so a job submitted
 * with only the jar (spark-submit, no install folder) still finds its rules and the bootstrap model. Files are copied
 * out to a private temporary folder once per run.
 */
public final class BundledConf {

    private static final String PREFIX = "/distillguard/conf/";

    private BundledConf() {}

    /** The bundled copy of {@code conf/<relative>} (a file), if the jar has one. */
    public static Optional<Path> file(String relative) {
        return folder(List.of(relative)).map(folder -> folder.resolve(relative));
    }

    /** The bundled copy of the folder {@code conf/<folder>} holding {@code names}, if the jar has all of them. */
    public static Optional<Path> folder(String folder, List<String> names) {
        return folder(names.stream().map(name -> folder + "/" + name).toList()).map(root -> root.resolve(folder));
    }

    private static Optional<Path> folder(List<String> relatives) {
        try {
            Path root = Files.createTempDirectory("distillguard-conf-");
            root.toFile().deleteOnExit();
            for (String relative : relatives) {
                try (InputStream in = BundledConf.class.getResourceAsStream(PREFIX + relative)) {
                    if (in == null) {
                        return Optional.empty();
                    }
                    Path target = root.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                }
            }
            return Optional.of(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the bundled configuration out of the jar: " + e.getMessage(), e);
        }
    }
}
