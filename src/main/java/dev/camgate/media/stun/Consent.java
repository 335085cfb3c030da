package dev.camgate.media.stun;

import java.net.InetSocketAddress;

/**
 * One session's consent to receive media (RFC 7675) and the address media goes to. A full agent re-checks
 * consent every few seconds with a Binding request; camgate, lite, only answers, so each authenticated request it
 * answers is the proof that the peer still wants the stream, and 30 s without one means consent is gone
 * (RFC 7675 §5.1). A session with no check at all expires 30 s after it started.
 *
 * <p>The selected address is the latest that carried USE-CANDIDATE (a lite agent takes each nomination,
 * RFC 8445 §7.3.2; a renomination moves it), else the first that passed a check. Not thread-safe: the
 * session's event loop owns it. Time is the caller's nanoTime, so tests run it on a fake clock.
 */
public final class Consent {
    public static final long TIMEOUT_NANOS = 30_000_000_000L;

    private long lastCheckNanos;
    private InetSocketAddress selected;
    private boolean nominated;

    public Consent(long startNanos) {
        this.lastCheckNanos = startNanos;
    }

    /** A Binding request from {@code from} was authenticated and answered at {@code nowNanos}. */
    public void checked(InetSocketAddress from, boolean useCandidate, long nowNanos) {
        lastCheckNanos = nowNanos;
        if (useCandidate) {
            selected = from;
            nominated = true;
        } else if (selected == null) {
            selected = from;
        }
    }

    /** Whether 30 s or more have passed since the last check (or the start). */
    public boolean expired(long nowNanos) {
        return nowNanos - lastCheckNanos >= TIMEOUT_NANOS;
    }

    /** Where media goes, or null before any check passed. */
    public InetSocketAddress selected() {
        return selected;
    }

    /** Whether the selected address was nominated, rather than only the first to pass a check. */
    public boolean nominated() {
        return nominated;
    }

    public long lastCheckNanos() {
        return lastCheckNanos;
    }
}
