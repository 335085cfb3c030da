package dev.camgate.media.sdp;

import dev.camgate.log.LogText;

/**
 * An SDP text that camgate refuses, or an offer or answer it cannot negotiate with. The message names the
 * line (when one line is at fault) and what was wrong; values from the peer in it are escaped and shortened,
 * so it may be logged and sent back as it is.
 */
public final class SdpException extends Exception {
    private static final int EXCERPT = 48;
    private final int line;

    /** @param line the 1-based line number at fault, or 0 when the fault is not one line's */
    public SdpException(int line, String reason) {
        super(line > 0 ? "SDP line " + line + ": " + reason : "SDP: " + reason, null, false, false);
        this.line = line;
    }

    public SdpException(String reason) {
        this(0, reason);
    }

    /** The 1-based line number at fault, or 0 when the fault is not one line's. */
    public int line() {
        return line;
    }

    /** A peer's value for a message: quoted, escaped, cut to a few dozen characters. */
    static String excerpt(String value) {
        if (value == null) {
            return "(none)";
        }
        return LogText.quote(value.length() > EXCERPT ? value.substring(0, EXCERPT) + "..." : value);
    }
}
