package dev.camgate.camera;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Key comparison that does not leak, through timing, how much of a guess was right. */
public final class Keys {
    private Keys() {
    }

    public static boolean matches(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
