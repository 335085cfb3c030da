package dev.camgate.config;

import java.util.Base64;

/**
 * A {@code password_hash} as {@code camgate hash-password} writes it: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH},
 * salt and hash in base64. The iteration count is bounded because every login (and every wrong one) pays it:
 * 99,999,999 would let one request burn a core for a minute.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    public static final String PREFIX = "pbkdf2-sha256";
    public static final int MIN_ITERATIONS = 10_000;
    public static final int MAX_ITERATIONS = 2_000_000;
    public static final int HASH_BYTES = 32;
    static final int MIN_SALT_BYTES = 16;
    static final int MAX_SALT_BYTES = 64;

    public PasswordHash {
        salt = salt.clone();
        hash = hash.clone();
    }

    /** @throws IllegalArgumentException saying which part is wrong, never echoing the hash */
    public static PasswordHash parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("is not of the form pbkdf2-sha256$ITERATIONS$SALT$HASH that 'camgate hash-password' prints"
                    + " (never put the password itself in the file)");
        }
        int iterations = parts[1].matches("\\d{1,9}") ? Integer.parseInt(parts[1]) : -1;
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("has " + (iterations < 0 ? "'" + parts[1] + "'" : iterations) + " iterations; it must be "
                    + MIN_ITERATIONS + " to " + MAX_ITERATIONS + " (camgate hash-password uses 310000)");
        }
        byte[] salt = base64(parts[2], "salt");
        if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
            throw new IllegalArgumentException("has a salt of " + salt.length + " bytes; it must be " + MIN_SALT_BYTES + " to " + MAX_SALT_BYTES);
        }
        byte[] hash = base64(parts[3], "hash");
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("has a hash of " + hash.length + " bytes; PBKDF2-SHA256 makes " + HASH_BYTES);
        }
        return new PasswordHash(iterations, salt, hash);
    }

    private static byte[] base64(String text, String part) {
        try {
            if (!text.matches("[A-Za-z0-9+/]+={0,2}")) {
                throw new IllegalArgumentException();
            }
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a " + part + " that is not base64 (A-Z, a-z, 0-9, + and /)");
        }
    }
}
