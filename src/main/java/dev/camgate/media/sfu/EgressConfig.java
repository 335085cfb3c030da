package dev.camgate.media.sfu;

/**
 * What one viewer sees of a track: the SSRC the hub announced in its SDP, the payload type the viewer
 * negotiated, and where its sequence numbers and timestamps start (random, RFC 3550 §5.1).
 */
public record EgressConfig(long ssrc, int payloadType, int initialSequence, long initialTimestamp) {
    public EgressConfig {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc is 32 bits: " + ssrc);
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type is 7 bits: " + payloadType);
        }
        if (payloadType >= 64 && payloadType <= 95) {
            // With rtcp-mux these would read as RTCP packet types 192-223 (RFC 5761 §4): the viewer would drop them.
            throw new IllegalArgumentException("payload type " + payloadType + " collides with RTCP (64-95)");
        }
        if (initialSequence < 0 || initialSequence > 0xFFFF) {
            throw new IllegalArgumentException("sequence number is 16 bits: " + initialSequence);
        }
        if (initialTimestamp < 0 || initialTimestamp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timestamp is 32 bits: " + initialTimestamp);
        }
    }
}
