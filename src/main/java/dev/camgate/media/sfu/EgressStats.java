package dev.camgate.media.sfu;

/**
 * A snapshot of one viewer's copy of a track ({@link Egress#stats}).
 *
 * @param packets        packets the sink took (resends included)
 * @param bytes          their bytes as rewritten
 * @param drops          packets not delivered because the viewer's queue was full: refused, or discarded
 *                       while skipping to the next keyframe
 * @param skips          times the egress fell behind and skipped to a keyframe
 * @param nacksReceived  sequence numbers the viewer asked for again
 * @param nacksAnswered  of those, resent from the cache
 * @param nackMisses     of those, not resendable (no longer cached, never sent, the queue was full, or over the resend budget)
 * @param waiting        whether the egress is waiting for a keyframe
 */
public record EgressStats(long packets, long bytes, long drops, long skips, long nacksReceived,
        long nacksAnswered, long nackMisses, boolean waiting) {
}
