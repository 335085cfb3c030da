package dev.camgate.media.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One side's ICE username fragment and password ({@code a=ice-ufrag}, {@code a=ice-pwd}; RFC 8445 §5.3,
 * RFC 8839 §5.4): 4-256 and 22-256 ice-chars (ALPHA, DIGIT, "+", "/"). The password is the short-term
 * credential that keys MESSAGE-INTEGRITY; being ice-chars, its OpaqueString form (RFC 8489 §9.1.2) is its ASCII.
 */
public record IceCredentials(String ufrag, String pwd) {
    public static final int UFRAG_LENGTH = 8;
    public static final int PWD_LENGTH = 24;
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    public IceCredentials {
        if (ufrag == null || ufrag.length() < 4 || ufrag.length() > 256 || !iceChars(ufrag)) {
            throw new IllegalArgumentException("an ice-ufrag is 4 to 256 ice-chars");
        }
        if (pwd == null || pwd.length() < 22 || pwd.length() > 256 || !iceChars(pwd)) {
            throw new IllegalArgumentException("an ice-pwd is 22 to 256 ice-chars");
        }
    }

    /** Fresh credentials for a session: 8 and 24 ice-chars, 48 and 144 random bits. */
    public static IceCredentials random(SecureRandom random) {
        return new IceCredentials(randomChars(random, UFRAG_LENGTH), randomChars(random, PWD_LENGTH));
    }

    private static String randomChars(SecureRandom random, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    static boolean iceChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** The HMAC-SHA1 key of MESSAGE-INTEGRITY. Allocates. */
    public SecretKeySpec key() {
        return new SecretKeySpec(pwd.getBytes(StandardCharsets.US_ASCII), "HmacSHA1");
    }

    /** A new HmacSHA1 Mac keyed with this password; for tests and tools, not per packet. */
    public Mac newMac() {
        Mac mac = Hmac.newInstance();
        try {
            mac.init(key());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 refused a key", e);
        }
        return mac;
    }

    /** The password stays out of logs. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=(" + pwd.length() + " chars)]";
    }
}
