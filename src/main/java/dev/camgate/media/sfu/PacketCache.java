package dev.camgate.media.sfu;

/**
 * The last N packets of one camera track, in byte arrays allocated once, indexed by extended sequence number
 * (the 16-bit RTP sequence number with its roll-over count above it, see {@link Feed}). A slot remembers the
 * full extended number, so a packet from 65536 numbers ago (or from before a camera restart) is never mistaken
 * for the one asked for.
 *
 * <p>One event-loop thread only; no allocation after construction. A slot's buffer stays valid until a later
 * {@link #put} lands in the same slot.
 */
public final class PacketCache {
    /** Largest packet kept: an Ethernet MTU, which no WebRTC sender exceeds. */
    public static final int MAX_PACKET = 1500;
    /** Spare bytes after the packet in each slot, room for SRTP's authentication tag if a caller protects in place. */
    public static final int SPARE = 16;

    private static final long EMPTY = Long.MIN_VALUE;

    private final byte[][] slots;
    private final int[] lengths;
    private final long[] sequences;
    private final long[] arrivals;
    private final int mask;

    /** @param capacity a power of two, at least 16: 1024 suits video, 128 audio */
    public PacketCache(int capacity) {
        if (capacity < 16 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("cache capacity must be a power of two >= 16: " + capacity);
        }
        slots = new byte[capacity][MAX_PACKET + SPARE];
        lengths = new int[capacity];
        sequences = new long[capacity];
        arrivals = new long[capacity];
        mask = capacity - 1;
        clear();
    }

    public int capacity() {
        return mask + 1;
    }

    /**
     * Copies a packet in, replacing whatever held the slot; returns false (and keeps nothing) if it is longer
     * than {@link #MAX_PACKET} or the range is not inside {@code src}.
     */
    public boolean put(byte[] src, int off, int len, long extSeq, long nowNanos) {
        if (len < 0 || len > MAX_PACKET || off < 0 || off > src.length - len) {
            return false;
        }
        int i = (int) extSeq & mask;
        System.arraycopy(src, off, slots[i], 0, len);
        lengths[i] = len;
        sequences[i] = extSeq;
        arrivals[i] = nowNanos;
        return true;
    }

    /** The slot holding {@code extSeq}, or -1 if that packet never came or has been overwritten. */
    public int slot(long extSeq) {
        int i = (int) extSeq & mask;
        return sequences[i] == extSeq ? i : -1;
    }

    public boolean contains(long extSeq) {
        return slot(extSeq) >= 0;
    }

    /** The packet of a slot starts at index 0 of this array. */
    public byte[] buffer(int slot) {
        return slots[slot];
    }

    public int length(int slot) {
        return lengths[slot];
    }

    public long arrivalNanos(int slot) {
        return arrivals[slot];
    }

    /** Forgets every packet (a camera restart makes them another stream's); the buffers stay. */
    public void clear() {
        java.util.Arrays.fill(sequences, EMPTY);
    }
}
