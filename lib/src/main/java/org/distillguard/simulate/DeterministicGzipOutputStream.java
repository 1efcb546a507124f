package org.distillguard.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip with a fixed header, so the same content gives the same bytes on every run and machine. The JDK's
 * {@link GZIPOutputStream} already writes modification time 0 and no file name; this class pins that contract in
 * one place (and a larger buffer, because the simulator writes tens of megabytes per file).
 */
final class DeterministicGzipOutputStream extends GZIPOutputStream {

    private static final int BUFFER_BYTES = 1 << 16;

    DeterministicGzipOutputStream(OutputStream out) throws IOException {
        super(out, BUFFER_BYTES);
    }
}
