package dev.camgate.abuse;

/**
 * The wrong credentials one holder (an address, or a room id from all addresses) has sent, and the
 * earliest moment its next credential may be checked. Checks are handed out one per back-off delay, so
 * many connections waiting at once still get only one guess per delay between them. Not thread-safe:
 * the owner holds its monitor.
 */
final class Guesses {
    int failures;
    long lastFailure = Long.MIN_VALUE / 4;
    private long nextCheck = Long.MIN_VALUE / 4;

    /** Counts a failure; a holder quiet for {@code forgetAfter} starts afresh. */
    void failed(long now, long forgetAfter) {
        if (now - lastFailure > forgetAfter) {
            failures = 0;
        }
        lastFailure = now;
        failures++;
    }

    /**
     * Reserves the next check and returns how long until it, or -1 (nothing reserved) if that is more than
     * {@code cap} away: then so many are already waiting that this one is refused unchecked.
     */
    long reserve(long now, long delay, long cap) {
        if (delay <= 0) {
            return 0;
        }
        long at = Math.max(now, Math.max(lastFailure + delay, nextCheck));
        if (at - now > cap) {
            return -1;
        }
        nextCheck = at + delay;
        return at - now;
    }

    boolean quietSince(long now, long quiet) {
        return now - lastFailure > quiet;
    }
}
