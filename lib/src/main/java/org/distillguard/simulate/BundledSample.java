package org.distillguard.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Derives the small sample bundled under {@code lib/src/main/resources/distillguard/corpora/} from the full public
 * copies, so the simulator runs without them. Deterministic: every k-th record (spread over the whole file, so
 * topics stay covered), texts clipped, trace lengths reduced to quantiles, ServeGen clients to one summary row.
 *
 * <p>Regenerate with {@code bin/distillguard simulate --write-corpora-sample lib/src/main/resources/distillguard/corpora}
 * from the project root, with the dataset copies at {@code ../shared/datasets/dev}.
 */
public final class BundledSample {

    static final int TEXTS_PER_SOURCE = 150;
    static final int INSTRUCTION_MAX_CHARACTERS = 600;
    static final int INPUT_MAX_CHARACTERS = 300;
    static final int RESPONSE_MAX_CHARACTERS = 400;
    static final int QUANTILES = 200;

    private BundledSample() {
    }

    public static void write(Corpora full, Path directory) {
        try {
            Files.createDirectories(directory);
            try (OutputStream out = new DeterministicGzipOutputStream(Files.newOutputStream(directory.resolve(Corpora.BUNDLED_PROMPTS)));
                    JsonGenerator generator = new JsonFactory().createGenerator(out)) {
                generator.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
                for (String source : Corpora.TEXT_SOURCES) {
                    List<Corpora.TeacherExample> examples = full.texts(source);
                    int step = Math.max(1, examples.size() / TEXTS_PER_SOURCE);
                    for (int index = 0, written = 0; index < examples.size() && written < TEXTS_PER_SOURCE; index += step, written++) {
                        Corpora.TeacherExample example = examples.get(index);
                        generator.writeStartObject();
                        generator.writeStringField("source", source);
                        generator.writeStringField("instruction", clip(example.instruction(), INSTRUCTION_MAX_CHARACTERS));
                        generator.writeStringField("input", clip(example.input(), INPUT_MAX_CHARACTERS));
                        generator.writeStringField("response", clip(example.response(), RESPONSE_MAX_CHARACTERS));
                        generator.writeEndObject();
                    }
                }
                generator.writeRaw('\n');
            }
            try (BufferedWriter writer = Files.newBufferedWriter(directory.resolve(Corpora.BUNDLED_TOKEN_LENGTHS), StandardCharsets.UTF_8)) {
                writer.write("source,quantile,input_tokens,output_tokens\n");
                for (String source : List.of(Corpora.AZURE_CODE, Corpora.AZURE_CONVERSATION, Corpora.MOONCAKE)) {
                    Corpora.TokenLengths lengths = full.tokenLengths(source);
                    for (int step = 0; step <= QUANTILES; step++) {
                        double fraction = step / (double) QUANTILES;
                        writer.write(String.format(Locale.ROOT, "%s,%.3f,%d,%d%n", source, fraction,
                                Corpora.TokenLengths.percentile(lengths.input(), fraction), Corpora.TokenLengths.percentile(lengths.output(), fraction)));
                    }
                }
            }
            try (BufferedWriter writer = Files.newBufferedWriter(directory.resolve(Corpora.BUNDLED_CLIENTS), StandardCharsets.UTF_8)) {
                writer.write("client,mean_rate_rps,active_share,median_cv,arrival_distribution,median_shape\n");
                for (Corpora.ClientProfile client : full.clients()) {
                    writer.write(String.format(Locale.ROOT, "%d,%.6f,%.4f,%.4f,%s,%.4f%n", client.client(), client.meanRateRps(),
                            client.activeShare(), client.medianCv(), client.arrivalDistribution(), client.medianShape()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the bundled corpora sample to " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String clip(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit);
    }
}
