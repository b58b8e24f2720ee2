package org.bonemonitor.fhir;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Wraps a request body while the parser reads it, so the body is read once and never copied:
 * counts bytes against the size limit and, for XML, notes the markup the parser would accept
 * silently — a {@code modifierExtension} (we understand none), a DOCTYPE (never resolved:
 * refused) and a {@code contained} inside a {@code contained} (HAPI flattens it; R4 dom-2 forbids it). JSON is only counted: the shape check finds its modifierExtensions in the tree.
 */
final class GuardedInputStream extends FilterInputStream {

    /** Thrown when the body passes the size limit; the caller answers 413. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("request body too large");
        }
    }

    private static final byte[] MODIFIER = "modifierExtension".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTAINED_OPEN = "<contained>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTAINED_CLOSE = "</contained>".getBytes(StandardCharsets.US_ASCII);

    private final long limit;
    /** JSON needs no byte scan: the shape check walks its tree and sees modifierExtension keys. */
    private final boolean scan;
    private long count;
    private int modifierMatched;
    private int doctypeMatched;
    private boolean sawModifierExtension;
    private boolean sawDoctype;
    private int openMatched;
    private int closeMatched;
    private int containedDepth;
    private boolean sawNestedContained;

    GuardedInputStream(InputStream in, long limit, boolean scan) {
        super(in);
        this.limit = limit;
        this.scan = scan;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && scan) {
            observe((byte) b);
        }
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            if (scan) {
                for (int i = offset; i < offset + n; i++) {
                    observe(buffer[i]);
                }
            }
            counted(n);
        }
        return n;
    }

    private void counted(int n) throws TooLarge {
        count += n;
        if (count > limit) {
            throw new TooLarge();
        }
    }

    private void observe(byte b) {
        modifierMatched = advance(MODIFIER, modifierMatched, b);
        if (modifierMatched == MODIFIER.length) {
            sawModifierExtension = true;
            modifierMatched = 0;
        }
        doctypeMatched = advance(DOCTYPE, doctypeMatched, b);
        if (doctypeMatched == DOCTYPE.length) {
            sawDoctype = true;
            doctypeMatched = 0;
        }
        openMatched = advance(CONTAINED_OPEN, openMatched, b);
        if (openMatched == CONTAINED_OPEN.length) {
            sawNestedContained |= ++containedDepth > 1;
            openMatched = 0;
        }
        closeMatched = advance(CONTAINED_CLOSE, closeMatched, b);
        if (closeMatched == CONTAINED_CLOSE.length) {
            containedDepth--;
            closeMatched = 0;
        }
    }

    /** Neither pattern repeats its first byte, so a mismatch restarts at 0 or 1. */
    private static int advance(byte[] pattern, int matched, byte b) {
        if (pattern[matched] == b) {
            return matched + 1;
        }
        return pattern[0] == b ? 1 : 0;
    }

    boolean sawModifierExtension() {
        return sawModifierExtension;
    }

    boolean sawDoctype() {
        return sawDoctype;
    }

    boolean sawNestedContained() {
        return sawNestedContained;
    }
}
