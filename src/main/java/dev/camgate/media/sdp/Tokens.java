package dev.camgate.media.sdp;

import java.util.ArrayList;
import java.util.List;

/** Bounded token checks shared by the parser's pieces; each returns a sentinel instead of throwing. */
final class Tokens {
    private Tokens() {
    }

    /**
     * The space-separated fields of {@code s} (runs of spaces count as one), or null when there are more than
     * {@code max}: a hostile line cannot make a list longer than the caller expects.
     */
    static List<String> split(String s, int max) {
        List<String> out = new ArrayList<>(Math.min(max, 16));
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            while (i < n && s.charAt(i) != ' ') {
                i++;
            }
            if (out.size() == max) {
                return null;
            }
            out.add(s.substring(start, i));
        }
        return out;
    }

    /** A non-negative decimal of at most {@code maxDigits} digits no greater than {@code max}, or -1. */
    static long number(String s, int maxDigits, long max) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (v > (max - (c - '0')) / 10) {
                return -1; // above max, and so never past Long.MAX_VALUE
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static int port(String s) {
        return (int) number(s, 5, 65535);
    }

    /** ice-char (RFC 8839 §5.1): ALPHA / DIGIT / "+" / "/". */
    static boolean iceChars(String s, int min, int max) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** A printable ASCII token without spaces (RFC 8866 token-ish; lenient on the exact punctuation). */
    static boolean token(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** An IP address or host name (mDNS ".local" names included), loosely: the characters those use. */
    static boolean address(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == ':'
                    || c == '-' || c == '_' || c == '%')) {
                return false;
            }
        }
        return true;
    }
}
