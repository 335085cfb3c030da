package dev.camgate.media.rtp;

/**
 * Turns 32-bit RTP timestamps into a running 64-bit time: each timestamp moves the time by its signed 32-bit
 * difference from the one before, so a wrap past 2^32 and a step back (B-frames, a reordered packet) both come
 * out right. The first is taken as is. One per stream, not thread-safe; allocates nothing.
 */
public final class TimestampUnwrapper {
    private long last32 = -1;
    private long time;

    /** The running time of {@code ts32} (its low 32 bits are used). */
    public long unwrap(long ts32) {
        ts32 &= 0xFFFF_FFFFL;
        if (last32 < 0) {
            time = ts32;
        } else {
            time += (int) (ts32 - last32);
        }
        last32 = ts32;
        return time;
    }

    /** Forgets the stream: the next timestamp starts the count afresh. */
    public void reset() {
        last32 = -1;
    }
}
