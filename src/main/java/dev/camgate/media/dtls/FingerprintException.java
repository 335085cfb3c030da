package dev.camgate.media.dtls;

/** An SDP {@code a=fingerprint} value that is not a hash name and hex pairs of the right count. */
public final class FingerprintException extends Exception {
    public FingerprintException(String message) {
        super(message);
    }
}
