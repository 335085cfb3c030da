package dev.camgate.media.stun;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;

/** An HmacSHA1 Mac that follows one set of credentials, re-keyed only when they change. Not thread-safe. */
final class Hmac {
    private final Mac mac = newInstance();
    private IceCredentials keyedWith;

    static Mac newInstance() {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has HmacSHA1", e);
        }
    }

    /** The Mac keyed with {@code credentials}' password, reset. */
    Mac keyedWith(IceCredentials credentials) {
        if (credentials != keyedWith) { // identity: the same session's record comes back for each of its packets
            try {
                mac.init(credentials.key());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA1 refused a key", e);
            }
            keyedWith = credentials;
        }
        return mac;
    }
}
