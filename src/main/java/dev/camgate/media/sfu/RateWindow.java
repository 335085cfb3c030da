package dev.camgate.media.sfu;

/**
 * Bytes and frames over the last whole second, in 100 ms buckets (a ring, no allocation): the value read
 * covers the ten buckets before the current one, so it is exact for one second and at most 100 ms old. The
 * ring has one bucket more than the window, for the one being filled.
 */
final class RateWindow {
    static final int WINDOW = 10;
    static final int BUCKETS = WINDOW + 1;
    static final long BUCKET_NANOS = 100_000_000L;

    private final long[] ids = new long[BUCKETS];
    private final long[] bytes = new long[BUCKETS];
    private final int[] frames = new int[BUCKETS];

    RateWindow() {
        java.util.Arrays.fill(ids, Long.MIN_VALUE);
    }

    void add(long nowNanos, int len, boolean frameEnd) {
        long id = Math.floorDiv(nowNanos, BUCKET_NANOS);
        int i = (int) Math.floorMod(id, (long) BUCKETS);
        if (ids[i] != id) {
            ids[i] = id;
            bytes[i] = 0;
            frames[i] = 0;
        }
        bytes[i] += len;
        if (frameEnd) {
            frames[i]++;
        }
    }

    long bitsPerSecond(long nowNanos) {
        long now = Math.floorDiv(nowNanos, BUCKET_NANOS);
        long sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (ids[i] < now && ids[i] >= now - WINDOW) {
                sum += bytes[i];
            }
        }
        return sum * 8;
    }

    int framesPerSecond(long nowNanos) {
        long now = Math.floorDiv(nowNanos, BUCKET_NANOS);
        int sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (ids[i] < now && ids[i] >= now - WINDOW) {
                sum += frames[i];
            }
        }
        return sum;
    }
}
