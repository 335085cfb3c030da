package dev.camgate.protocol;

/**
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Jackson's parser lets
 * an overlong "\xC0\xB1" through, and a relay forwards the frame byte for byte to a camera whose JSON
 * library may throw on it.
 */
final class Utf8 {
    private Utf8() {
    }

    /** @return the index of the first byte that is not valid UTF-8, or -1 */
    static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            int len;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                if (c == 0xE0) {
                    min2 = 0xA0; // overlong below U+0800
                } else if (c == 0xED) {
                    max2 = 0x9F; // UTF-16 surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                if (c == 0xF0) {
                    min2 = 0x90; // overlong below U+10000
                } else if (c == 0xF4) {
                    max2 = 0x8F; // above U+10FFFF
                }
            } else {
                return i;
            }
            if (i + len > n) {
                return i;
            }
            int second = b[i + 1] & 0xFF;
            if (second < min2 || second > max2) {
                return i;
            }
            for (int k = 2; k < len; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += len;
        }
        return -1;
    }

    /**
     * The index of the first {@code \\u} escape that names half a UTF-16 surrogate pair without the other half
     * (a high one not followed by a low one, or a low one alone), or -1. Such a string is valid JSON but not
     * Unicode text: JSON libraries such as nlohmann's (Momo's) throw on it, and Jackson writes it back out as
     * bytes that are not JSON. A backslash occurs only inside strings in JSON that parses, so the bytes are
     * read without tracking quotes.
     */
    static int firstUnpairedSurrogateEscape(byte[] b) {
        int n = b.length;
        for (int i = 0; i < n; i++) {
            if (b[i] != '\\') {
                continue;
            }
            if (i + 1 < n && b[i + 1] == 'u') {
                int unit = hex4(b, i + 2);
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    int low = i + 7 < n && b[i + 6] == '\\' && b[i + 7] == 'u' ? hex4(b, i + 8) : -1;
                    if (low < 0xDC00 || low > 0xDFFF) {
                        return i;
                    }
                    i += 11;
                    continue;
                }
                if (unit >= 0xDC00 && unit <= 0xDFFF) {
                    return i;
                }
                i += 5;
                continue;
            }
            i++; // the escaped character, a backslash among them
        }
        return -1;
    }

    private static int hex4(byte[] b, int at) {
        if (at + 4 > b.length) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[at + k], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
