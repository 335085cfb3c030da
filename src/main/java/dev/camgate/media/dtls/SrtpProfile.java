package dev.camgate.media.dtls;

/**
 * The DTLS-SRTP protection profiles camgate negotiates (RFC 5764 §4.1.2, RFC 7714 §14.2), with the master key
 * and salt sizes the keying material is split into.
 */
public enum SrtpProfile {
    /** AES-128 in counter mode with a 10-byte HMAC-SHA1 tag: what every WebRTC stack offers. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14),
    /** AES-128-GCM, a 16-byte tag: one pass over the packet, offered by Chromium and Firefox. */
    AEAD_AES_128_GCM(0x0007, 16, 12);

    private final int id;
    private final int keyLength;
    private final int saltLength;

    SrtpProfile(int id, int keyLength, int saltLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    /** The SRTPProtectionProfile value in the use_srtp extension. */
    public int id() {
        return id;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /**
     * What a server picks from a client's use_srtp list: GCM when offered (authenticated encryption in one pass,
     * the cheaper of the two with AES-NI), else CM/HMAC-SHA1-80; null when the client offers neither.
     */
    static SrtpProfile choose(int[] offered) {
        for (SrtpProfile preferred : new SrtpProfile[] {AEAD_AES_128_GCM, AES128_CM_HMAC_SHA1_80}) {
            for (int id : offered) {
                if (id == preferred.id) {
                    return preferred;
                }
            }
        }
        return null;
    }

    /** The profile with this use_srtp value, or null for one camgate does not do. */
    public static SrtpProfile byId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
