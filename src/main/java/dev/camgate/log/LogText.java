package dev.camgate.log;

/**
 * Makes text that came from a client safe to print on one log line. A roomId, header or exception message
 * may hold a newline (a forged line after it), an ANSI escape (a cleared or retitled terminal), a Unicode
 * line separator (a split line in some viewers) or a bidi override (text that reads differently than it is).
 * Each such character becomes a visible escape; everything else, backslashes included, is left as it is.
 */
public final class LogText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    /** @return the text with every unsafe character escaped, or the same instance when there was none */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text; // the usual case: no copy
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> unicode(out, c);
            }
        }
        return out.toString();
    }

    /** {@code 'text'} with the text escaped: where a client's value is logged, the quotes show where it ends. */
    public static String quote(String text) {
        return text == null ? "(none)" : "'" + escape(text) + "'";
    }

    static void unicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }

    static int firstUnsafe(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidi controls. */
    public static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }
}
