package dev.camgate.media.stun;

/**
 * What {@link StunAnswerer#answer} did with a datagram: wrote a success response, wrote an error response, or
 * wrote nothing (and why). Nothing is written for anything that did not prove knowledge of a session's password,
 * so camgate never answers a stranger.
 */
public sealed interface AnswerOutcome {
    /** Bytes written to the output buffer, to be sent back to the source; 0 if none. */
    int responseLength();

    /**
     * An authenticated Binding request, answered with a Binding success response. A lite agent takes a nomination
     * (RFC 8445 §7.3.2) from {@code useCandidate}; it is false when the peer claimed the controlled role, as then
     * it is not the one that nominates.
     *
     * @param local          the session's credentials, as the lookup returned them (the same instance)
     * @param remoteUfrag    the peer's ufrag, the part of USERNAME after the colon
     * @param useCandidate   the request nominates this address pair
     * @param iceControlling the request carried ICE-CONTROLLING (as every full agent facing camgate should)
     * @param priority       PRIORITY, or -1 if absent
     */
    record Answered(IceCredentials local, String remoteUfrag, boolean useCandidate, boolean iceControlling,
            long priority, int responseLength) implements AnswerOutcome {
    }

    /** An authenticated request answered with an error response (420 Unknown Attribute), itself authenticated. */
    record Refused(IceCredentials local, int errorCode, int responseLength) implements AnswerOutcome {
    }

    /** Nothing written. Each reason is a constant, so the packet path allocates nothing to drop junk. */
    enum NoAnswer implements AnswerOutcome {
        /** Not STUN at all: too short, first bits set, or no magic cookie. */
        NOT_STUN,
        /** The length field disagrees with the datagram, or is not a multiple of 4. */
        LENGTH_MISMATCH,
        /** STUN, but not a Binding request: a response (camgate never asks), another method, or another class. */
        NOT_BINDING_REQUEST,
        /** A Binding indication, a keepalive (RFC 8445 §11): nothing to answer, nothing wrong. Not authenticated, so it proves no consent. */
        INDICATION,
        /** The attributes do not parse: one runs past the end, has the wrong length, or follows FINGERPRINT. */
        MALFORMED,
        NO_FINGERPRINT,
        BAD_FINGERPRINT,
        NO_USERNAME,
        /** USERNAME is not "localUfrag:remoteUfrag" with both halves non-empty. */
        BAD_USERNAME,
        /** No session has the local ufrag. */
        UNKNOWN_UFRAG,
        NO_INTEGRITY,
        /** MESSAGE-INTEGRITY does not match the session's password. */
        BAD_INTEGRITY;

        @Override
        public int responseLength() {
            return 0;
        }
    }
}
