package dev.camgate.config;

/**
 * Bounds checked on the raw text before YAML sees it: the YAML scanner is slow on huge tokens (an 8 MiB
 * comment took 36 s), and no real camgate.yaml comes near these.
 */
final class TextLimits {
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_LINE = 8192;

    private TextLimits() {
    }

    static String tooLarge(long bytes) {
        return "the file is " + bytes + " bytes; a camgate config may be at most 1 MiB (" + MAX_BYTES + " bytes)";
    }

    /** Null if the text is within bounds, else "LINE: problem" or ": problem" for the whole file. */
    static String check(String text) {
        if (text.length() > MAX_BYTES) {
            return ": " + tooLarge(text.length());
        }
        long bytes = 0;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (i - lineStart >= MAX_LINE) {
                return ":" + line + ": line " + line + " is longer than " + MAX_LINE
                        + " characters, more than any real setting needs (a pasted blob or a broken file?)";
            }
        }
        return bytes > MAX_BYTES ? ": " + tooLarge(bytes) : null;
    }
}
