package dev.camgate.auth;

import dev.camgate.config.PasswordHash;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for the config file: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in base64).
 * PBKDF2 because the JDK has it, so camgate needs no native code; the iteration count is in the string, so
 * it can grow without breaking old hashes.
 */
public final class Passwords {
    static final int ITERATIONS = 310_000;
    private static final String PREFIX = PasswordHash.PREFIX;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked against when the user name is unknown, so a wrong name costs as long as a wrong password. */
    static final String DUMMY = hash("not a password".toCharArray());

    private Passwords() {
    }

    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** False for a wrong password and for anything that is not a hash this class made (the config has refused those). */
    public static boolean verify(String stored, char[] password) {
        PasswordHash parsed;
        try {
            parsed = PasswordHash.parse(stored);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(parsed.hash(), derive(password, parsed.salt(), parsed.iterations()));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, PasswordHash.HASH_BYTES * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no PBKDF2WithHmacSHA256", e);
        }
    }

}
