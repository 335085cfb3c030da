package dev.camgate.signaling;

import java.util.concurrent.ThreadLocalRandom;

/** ULIDs, as Ayame uses for connectionId: 26 Crockford base32 characters, sortable by time. */
final class ConnectionIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private ConnectionIds() {
    }

    static String next(long epochMillis) {
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 10; i < 26; i++) {
            out[i] = ALPHABET[random.nextInt(32)];
        }
        return new String(out);
    }
}
