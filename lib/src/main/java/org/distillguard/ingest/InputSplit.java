package org.distillguard.ingest;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * A piece of one input file read by one task: the whole file, or a byte range of a large uncompressed file.
 *
 * @param index position of the split among all splits of the run (names its quarantine and statistics files)
 * @param path the file (a Hadoop path URI)
 * @param format how the file is read
 * @param start first byte of the range; a line belongs to the range its first byte falls in
 * @param end end of the range (exclusive), or {@code Long.MAX_VALUE} for the whole file
 * @param firstLineNumber line number of the first line that starts at or after {@code start}, counted from 1, or
 *     0 when the range does not start at the beginning of a line and the reader must add the line it skips
 */
public record InputSplit(int index, String path, InputFormat format, long start, long end, long firstLineNumber)
        implements Serializable {

    public InputSplit {
        requireNonNull(path, "path is null");
        requireNonNull(format, "format is null");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("Invalid split range: " + start + ".." + end);
        }
    }
}
