package dev.camgate.media.srtp;

/**
 * SSRC to crypto context, at most {@link #capacity} entries, looked up by a linear scan of an int array: no
 * boxing per packet, and for the handful of SSRCs a peer connection has, faster than hashing.
 */
final class SsrcTable<T> {
    private final int[] ssrcs;
    private final Object[] values;
    private int size;
    private int last = -1;

    SsrcTable(int capacity) {
        ssrcs = new int[capacity];
        values = new Object[capacity];
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        if (last >= 0 && ssrcs[last] == ssrc) {
            return (T) values[last];
        }
        for (int i = 0; i < size; i++) {
            if (ssrcs[i] == ssrc) {
                last = i;
                return (T) values[i];
            }
        }
        return null;
    }

    boolean isFull() {
        return size == ssrcs.length;
    }

    void put(int ssrc, T value) {
        if (isFull()) {
            throw new IllegalStateException("SSRC table full");
        }
        ssrcs[size] = ssrc;
        values[size] = value;
        last = size++;
    }

    int size() {
        return size;
    }

    void clear() {
        java.util.Arrays.fill(values, null);
        size = 0;
        last = -1;
    }
}
