package dev.camgate.http;

/**
 * One byte range of a {@code Range} header (RFC 9110 §14), read strictly: {@code bytes=START-END},
 * {@code bytes=START-} or {@code bytes=-SUFFIX}. Anything else (several ranges, other units, junk) is
 * ignored, as the RFC allows, and the whole file is sent.
 *
 * @param end inclusive
 */
record ByteRange(long start, long end) {
    /** What a header asks of a file of {@code size} bytes. */
    sealed interface Asked {
    }

    record Whole() implements Asked {
    }

    record Part(ByteRange range) implements Asked {
    }

    record Unsatisfiable() implements Asked {
    }

    long length() {
        return end - start + 1;
    }

    static Asked of(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String h = header.trim();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0 || h.length() > 64) {
            return new Whole();
        }
        String spec = h.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        long first = number(spec.substring(0, dash).trim());
        long last = number(spec.substring(dash + 1).trim());
        if (first == -2 || last == -2) {
            return new Whole();
        }
        if (first == -1) {
            if (last <= 0) {
                return last == 0 ? new Unsatisfiable() : new Whole();
            }
            return size == 0 ? new Unsatisfiable() : new Part(new ByteRange(Math.max(0, size - last), size - 1));
        }
        if (last != -1 && last < first) {
            return new Whole(); // syntactically invalid (RFC 9110 §14.1.1): ignored
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        return new Part(new ByteRange(first, last == -1 ? size - 1 : Math.min(last, size - 1)));
    }

    /** -1 when empty, -2 when not a number of at most 18 digits. */
    private static long number(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        if (s.length() > 18) {
            return -2;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -2;
            }
        }
        return Long.parseLong(s);
    }
}
