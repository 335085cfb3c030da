package dev.camgate.media.dtls;

import dev.camgate.log.LogText;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * A certificate fingerprint as SDP carries it (RFC 8122 §5): the hash function's name, lower case as in the
 * RFC ("sha-256"), and the hash of the DER certificate. A peer's DTLS certificate must hash to the fingerprint
 * in its own SDP; that is all that authenticates it, since WebRTC certificates are self-signed.
 */
public record Fingerprint(String algorithm, byte[] hash) {
    /** Longer than any valid value ("sha-512 " and 64 hex pairs), so junk is refused before it is scanned. */
    static final int MAX_SDP_VALUE = 8 + 64 * 3;

    public Fingerprint {
        int size = hashSize(algorithm);
        if (size < 0) {
            throw new IllegalArgumentException("unsupported fingerprint hash: " + algorithm);
        }
        if (hash.length != size) {
            throw new IllegalArgumentException(algorithm + " needs " + size + " bytes, not " + hash.length);
        }
        hash = hash.clone();
    }

    /** The fingerprint of a DER-encoded certificate with the named hash ("sha-256" and the others). */
    public static Fingerprint of(String algorithm, byte[] der) {
        Digest digest = digest(algorithm);
        if (digest == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash: " + algorithm);
        }
        byte[] out = new byte[digest.getDigestSize()];
        digest.update(der, 0, der.length);
        digest.doFinal(out, 0);
        return new Fingerprint(algorithm, out);
    }

    /** Whether {@code der} hashes to this fingerprint with this fingerprint's algorithm. */
    public boolean matches(byte[] der) {
        return Arrays.equals(hash, of(algorithm, der).hash);
    }

    /** The value for {@code a=fingerprint:}, e.g. {@code sha-256 AB:CD:...}. */
    public String sdpValue() {
        return algorithm + " " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
    }

    /**
     * Reads an {@code a=fingerprint:} value: a hash name (sha-1, sha-224, sha-256, sha-384, sha-512, any case),
     * one space, and exactly as many colon-separated hex pairs as the hash has bytes.
     */
    public static Fingerprint parse(String sdpValue) throws FingerprintException {
        if (sdpValue == null || sdpValue.isEmpty()) {
            throw new FingerprintException("empty fingerprint");
        }
        if (sdpValue.length() > MAX_SDP_VALUE) {
            throw new FingerprintException("fingerprint longer than " + MAX_SDP_VALUE + " characters");
        }
        int space = sdpValue.indexOf(' ');
        if (space < 0) {
            throw new FingerprintException("fingerprint without a space between hash name and value");
        }
        String algorithm = sdpValue.substring(0, space).toLowerCase(Locale.ROOT);
        int size = hashSize(algorithm);
        if (size < 0) {
            throw new FingerprintException("unsupported fingerprint hash: " + LogText.quote(sdpValue.substring(0, Math.min(space, 16))));
        }
        String hex = sdpValue.substring(space + 1);
        if (hex.length() != size * 3 - 1) {
            throw new FingerprintException(algorithm + " fingerprint needs " + size + " colon-separated hex pairs");
        }
        byte[] hash = new byte[size];
        for (int i = 0; i < size; i++) {
            int p = i * 3;
            if (i > 0 && hex.charAt(p - 1) != ':') {
                throw new FingerprintException("fingerprint: expected ':' at position " + (space + p));
            }
            int hi = hexValue(hex.charAt(p));
            int lo = hexValue(hex.charAt(p + 1));
            if (hi < 0 || lo < 0) {
                throw new FingerprintException("fingerprint: not a hex pair at position " + (space + 1 + p));
            }
            hash[i] = (byte) (hi << 4 | lo);
        }
        return new Fingerprint(algorithm, hash);
    }

    /** The hash bytes (a copy). */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.algorithm.equals(algorithm) && Arrays.equals(f.hash, hash);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return sdpValue();
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static int hashSize(String algorithm) {
        Digest d = digest(algorithm);
        return d == null ? -1 : d.getDigestSize();
    }

    private static Digest digest(String algorithm) {
        return switch (algorithm) {
            case "sha-1" -> new SHA1Digest();
            case "sha-224" -> new SHA224Digest();
            case "sha-256" -> new SHA256Digest();
            case "sha-384" -> new SHA384Digest();
            case "sha-512" -> new SHA512Digest();
            case null, default -> null;
        };
    }
}
