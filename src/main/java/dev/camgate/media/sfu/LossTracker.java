package dev.camgate.media.sfu;

/**
 * The camera packets that are missing and still worth asking for, oldest first, with when each was last
 * NACKed. A fixed array: a gap wider than {@link #CAPACITY} counts its oldest part as lost at once rather
 * than growing the list (a hostile or broken camera chooses the gap's width).
 *
 * <p>A missing packet is NACKed at most {@link #MAX_NACKS} times, {@link #NACK_INTERVAL_NANOS} apart (about
 * one round trip at home, so a resend has had time to arrive), and given up on after {@link #GIVE_UP_NANOS}
 * (a late picture is worse than a glitch) or when a keyframe after it starts (nothing decodes from it then).
 */
final class LossTracker {
    static final int CAPACITY = 256;
    static final int MAX_NACKS = 3;
    static final long NACK_INTERVAL_NANOS = 20_000_000L;
    static final long GIVE_UP_NANOS = 1_000_000_000L;

    private final long[] seqs = new long[CAPACITY];
    private final long[] firstSeen = new long[CAPACITY];
    private final long[] lastNack = new long[CAPACITY];
    private final int[] nacks = new int[CAPACITY];
    private final int[] due = new int[CAPACITY];
    private int count;
    private long lost;
    private long recovered;
    private long nacksSent;

    /**
     * Sequence numbers {@code from..to} (inclusive, extended, above all tracked ones) have been skipped by a
     * newer packet. Entries are appended, so the list stays sorted by sequence number and by time first seen.
     */
    void missing(long from, long to, long nowNanos) {
        long width = to - from + 1;
        if (width <= 0) {
            return;
        }
        if (width > CAPACITY) {
            lost += width - CAPACITY;
            from = to - CAPACITY + 1;
            width = CAPACITY;
        }
        int overflow = count + (int) width - CAPACITY;
        if (overflow > 0) {
            lost += overflow;
            dropOldest(overflow);
        }
        for (long s = from; s <= to; s++) {
            seqs[count] = s;
            firstSeen[count] = nowNanos;
            nacks[count] = 0;
            count++;
        }
    }

    /** A packet arrived late; if it was missing it is no longer. */
    void arrived(long seq) {
        int i = indexOf(seq);
        if (i >= 0) {
            removeAt(i);
            recovered++;
        }
    }

    /** A keyframe starts at {@code seq}: what is missing before it is not worth a resend. */
    void keyframeAt(long seq) {
        int n = 0;
        while (n < count && seqs[n] < seq) {
            n++;
        }
        lost += n;
        dropOldest(n);
    }

    /** Everything still missing is lost (the stream it belonged to has ended). */
    void reset() {
        lost += count;
        count = 0;
    }

    /** Gives up what is too old and NACKs what is due, in one call to {@code control}. */
    void service(long nowNanos, FeedControl control, boolean sendNacks) {
        int expired = 0;
        while (expired < count && nowNanos - firstSeen[expired] >= GIVE_UP_NANOS) {
            expired++; // oldest first: the expired ones are a prefix
        }
        lost += expired;
        dropOldest(expired);
        if (!sendNacks) {
            return;
        }
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (nacks[i] < MAX_NACKS && (nacks[i] == 0 || nowNanos - lastNack[i] >= NACK_INTERVAL_NANOS)) {
                nacks[i]++;
                lastNack[i] = nowNanos;
                due[n++] = (int) (seqs[i] & 0xFFFF);
            }
        }
        if (n > 0) {
            nacksSent += n;
            control.nack(due, n);
        }
    }

    int pending() {
        return count;
    }

    long lost() {
        return lost;
    }

    long recovered() {
        return recovered;
    }

    long nacksSent() {
        return nacksSent;
    }

    private int indexOf(long seq) {
        // Sorted ascending: a binary search keeps a burst of late arrivals cheap when the list is long.
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (seqs[mid] < seq) {
                lo = mid + 1;
            } else if (seqs[mid] > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void dropOldest(int n) {
        if (n <= 0) {
            return;
        }
        System.arraycopy(seqs, n, seqs, 0, count - n);
        System.arraycopy(firstSeen, n, firstSeen, 0, count - n);
        System.arraycopy(lastNack, n, lastNack, 0, count - n);
        System.arraycopy(nacks, n, nacks, 0, count - n);
        count -= n;
    }

    private void removeAt(int i) {
        int tail = count - i - 1;
        System.arraycopy(seqs, i + 1, seqs, i, tail);
        System.arraycopy(firstSeen, i + 1, firstSeen, i, tail);
        System.arraycopy(lastNack, i + 1, lastNack, i, tail);
        System.arraycopy(nacks, i + 1, nacks, i, tail);
        count--;
    }
}
