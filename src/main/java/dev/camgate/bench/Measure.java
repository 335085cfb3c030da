package dev.camgate.bench;

import java.util.Arrays;

/**
 * One measuring window of the media bench: the camera packet indexes it covers, and a histogram of one-way
 * delays (camera send to viewer decrypt, microsecond buckets up to 200 ms) of those packets. Written on the
 * loop thread only; the bench thread opens and closes a window through the loop.
 */
final class Measure {
    static final int BUCKETS = 200_000;

    private final long[] counts = new long[BUCKETS + 1];
    private long total;
    private long maxNanos;
    volatile boolean on;
    private int from;
    private int to = Integer.MAX_VALUE;

    void open(int fromIndex) {
        Arrays.fill(counts, 0);
        total = 0;
        maxNanos = 0;
        from = fromIndex;
        to = Integer.MAX_VALUE;
        on = true;
    }

    void end(int toIndex) {
        to = toIndex;
    }

    void close() {
        on = false;
    }

    int from() {
        return from;
    }

    int to() {
        return to;
    }

    void delay(int index, long nanos) {
        if (!on || index < from || index >= to) {
            return;
        }
        int us = (int) Math.min(BUCKETS, Math.max(0, nanos / 1000));
        counts[us]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    long samples() {
        return total;
    }

    /** The p-th percentile in milliseconds (p in 0..1), NaN without samples. */
    double percentileMillis(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i / 1000.0;
            }
        }
        return BUCKETS / 1000.0;
    }

    double maxMillis() {
        return maxNanos / 1e6;
    }
}
