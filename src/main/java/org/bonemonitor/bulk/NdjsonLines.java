package org.bonemonitor.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads NDJSON one line at a time from a stream, as bytes (each line is parsed as UTF-8 JSON on its
 * own), never holding more than one line. A line longer than the limit is skipped and reported.
 */
final class NdjsonLines {

    /** A line longer than the limit: its bytes were dropped. */
    static final byte[] TOO_LONG = new byte[0];

    private final InputStream in;
    private final long maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean eof;

    NdjsonLines(InputStream in, long maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its end ({@code \n} or {@code \r\n}), {@link #TOO_LONG}, or null at the end. */
    byte[] next() throws IOException {
        byte[] line = new byte[256];
        int length = 0;
        boolean tooLong = false;
        while (true) {
            if (position == limit) {
                if (eof || !fill()) {
                    if (length == 0 && !tooLong) {
                        return null;
                    }
                    break;
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int chunk = position - start;
            if (!tooLong) {
                if (length + (long) chunk > maxLineBytes) {
                    tooLong = true;
                } else {
                    if (length + chunk > line.length) {
                        line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
                    }
                    System.arraycopy(buffer, start, line, length, chunk);
                    length += chunk;
                }
            }
            if (position < limit) {
                position++;
                break;
            }
        }
        if (tooLong) {
            return TOO_LONG;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return Arrays.copyOf(line, length);
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n < 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
