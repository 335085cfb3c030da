package dev.camgate.config;

/** A configuration problem, already phrased for a person: "camgate.yaml:12:5: cameras[1].type: ...". */
public final class ConfigException extends RuntimeException {
    /** Long enough for any real message; a value quoted from a hostile file must not flood the terminal. */
    static final int MAX_LENGTH = 1000;

    public ConfigException(String message) {
        super(oneLine(message));
    }

    /** A failure of camgate's own code on this file rather than a mistake in it; the cause is the bug. */
    public ConfigException(String message, Throwable bug) {
        super(oneLine(message), bug);
    }

    /** Messages quote values from the file: a newline or escape sequence there must not forge a second line. */
    static String oneLine(String message) {
        StringBuilder out = new StringBuilder();
        message.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.length() <= MAX_LENGTH ? out.toString() : out.substring(0, MAX_LENGTH) + "…";
    }
}
