package dev.camgate.media.dtls;

import java.util.Arrays;

/**
 * The SRTP master keys and salts a DTLS handshake exported (RFC 5764 §4.2): the client's for what the DTLS
 * client sends, the server's for what the server sends. {@link #toString} never shows the keys.
 */
public record SrtpKeys(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {
    static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    public SrtpKeys {
        if (clientKey.length != profile.keyLength() || serverKey.length != profile.keyLength()
                || clientSalt.length != profile.saltLength() || serverSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException("key or salt size does not fit " + profile);
        }
        clientKey = clientKey.clone();
        clientSalt = clientSalt.clone();
        serverKey = serverKey.clone();
        serverSalt = serverSalt.clone();
    }

    /** How many bytes of keying material to export for a profile: two keys and two salts. */
    public static int materialLength(SrtpProfile profile) {
        return 2 * (profile.keyLength() + profile.saltLength());
    }

    /** Splits exported keying material: client key, server key, client salt, server salt, in that order. */
    public static SrtpKeys split(SrtpProfile profile, byte[] material) {
        if (material.length != materialLength(profile)) {
            throw new IllegalArgumentException(profile + " needs " + materialLength(profile) + " bytes of keying material");
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        return new SrtpKeys(profile,
                Arrays.copyOfRange(material, 0, k),
                Arrays.copyOfRange(material, 2 * k, 2 * k + s),
                Arrays.copyOfRange(material, k, 2 * k),
                Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
    }

    @Override
    public byte[] clientKey() {
        return clientKey.clone();
    }

    @Override
    public byte[] clientSalt() {
        return clientSalt.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public byte[] serverSalt() {
        return serverSalt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeys x && x.profile == profile && Arrays.equals(x.clientKey, clientKey)
                && Arrays.equals(x.clientSalt, clientSalt) && Arrays.equals(x.serverKey, serverKey)
                && Arrays.equals(x.serverSalt, serverSalt);
    }

    @Override
    public int hashCode() {
        return profile.hashCode() * 31 + Arrays.hashCode(clientKey);
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]";
    }
}
