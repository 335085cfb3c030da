package dev.camgate.media.rtp;

/**
 * Turns 16-bit RTP sequence numbers into a count that does not wrap (RFC 3550 §A.1): each number is placed
 * within ±32767 of the highest one seen so far. The first number is taken as is, so a packet reordered from
 * before it may come out negative. The low 32 bits of {@link #highest} are an RR's extended highest sequence
 * number. One per stream, not thread-safe (it lives on the stream's event loop); unwrapping allocates nothing.
 */
public final class SequenceUnwrapper {
    private boolean started;
    private long highest;

    /** The extended value of {@code seq}; moves {@link #highest} forward when it is newer. */
    public long unwrap(int seq) {
        seq &= 0xFFFF;
        if (!started) {
            started = true;
            highest = seq;
            return seq;
        }
        long extended = highest + (short) (seq - (int) (highest & 0xFFFF));
        if (extended > highest) {
            highest = extended;
        }
        return extended;
    }

    /** The highest extended sequence number so far; -1 before the first. */
    public long highest() {
        return started ? highest : -1;
    }
}
