package dev.camgate.media.sfu;

/**
 * What a {@link Feed} asks of the camera; the caller turns it into RTCP (generic NACK, RFC 4585 §6.2.1; PLI,
 * §6.3.1) and sends it. Called on the event loop, rate-limited by the feed.
 */
public interface FeedControl {
    /**
     * Asks the camera to resend the packets with these 16-bit sequence numbers, {@code seqs[0..count)}, oldest
     * first. The array is the feed's own and is reused: read it before returning.
     */
    void nack(int[] seqs, int count);

    /** Asks the camera for a keyframe (a PLI). */
    void requestKeyframe();
}
