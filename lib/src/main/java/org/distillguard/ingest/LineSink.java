package org.distillguard.ingest;

import java.io.Closeable;
import org.apache.spark.sql.catalyst.InternalRow;

/** What {@link SplitIterator} hands each line of a split to. */
interface LineSink extends Closeable {

    /** One line (or one CSV row as JSON); returns its row, or null when the line yields none. */
    InternalRow process(byte[] buffer, int offset, int length, boolean tooLarge, String sourceFile, long lineNumber);

    /** A problem that is not one line: a truncated or unreadable file. */
    void quarantineFile(String reason, String sourceFile, long lineNumber);

    void blankLine();

    @Override
    void close();
}
