package org.distillguard.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a user could do instead, measured on the same file: read it, parse it with Jackson's streaming API (one
 * thread, all cores). Spark's own JSON reader baselines run through {@link Benchmark}.
 */
public final class Baselines {

    private static final JsonFactory JSON = new JsonFactory();

    private Baselines() {}

    /** Reads the file and counts lines: the I/O floor. Returns lines. */
    public static long readFile(Path file) {
        byte[] buffer = new byte[1 << 20];
        long lines = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses every line with Jackson's streaming parser, summing prompt tokens, on {@code threads} threads. */
    public static long jacksonParse(Path file, int threads) {
        try {
            long size = Files.size(file);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Long>> parts = new ArrayList<>();
                long step = size / threads + 1;
                for (int t = 0; t < threads; t++) {
                    long start = t * step;
                    long end = Math.min(size, start + step);
                    parts.add(pool.submit(() -> parseRange(file, start, end)));
                }
                long lines = 0;
                for (Future<Long> part : parts) {
                    lines += part.get();
                }
                return lines;
            } finally {
                pool.shutdown();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot run the Jackson baseline: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static long parseRange(Path file, long start, long end) throws IOException {
        long lines = 0;
        long tokens = 0;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] buffer = new byte[1 << 20];
            byte[] line = new byte[1 << 16];
            int lineLength = 0;
            long position = start;
            boolean skipping = start > 0;
            if (skipping) {
                raf.seek(start - 1);
                skipping = raf.read() != '\n';
            }
            raf.seek(start);
            boolean lineStartedInRange = !skipping;
            outer:
            while (true) {
                int read = raf.read(buffer);
                if (read <= 0) {
                    break;
                }
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    position++;
                    if (skipping) {
                        if (b == '\n') {
                            skipping = false;
                            lineStartedInRange = position < end;
                            if (!lineStartedInRange) {
                                break outer;
                            }
                        }
                        continue;
                    }
                    if (b == '\n') {
                        tokens += promptTokens(line, lineLength);
                        lines++;
                        lineLength = 0;
                        if (position >= end) {
                            break outer;
                        }
                        continue;
                    }
                    if (lineLength == line.length) {
                        line = java.util.Arrays.copyOf(line, line.length * 2);
                    }
                    line[lineLength++] = b;
                }
            }
            if (lineLength > 0 && lineStartedInRange) {
                tokens += promptTokens(line, lineLength);
                lines++;
            }
        }
        return tokens >= 0 ? lines : -1;
    }

    private static long promptTokens(byte[] line, int length) throws IOException {
        long tokens = 0;
        try (JsonParser parser = JSON.createParser(line, 0, length)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.VALUE_NUMBER_INT && depth == 3 && "prompt_tokens".equals(parser.currentName())) {
                    tokens += parser.getLongValue();
                }
            }
        }
        return tokens;
    }
}
