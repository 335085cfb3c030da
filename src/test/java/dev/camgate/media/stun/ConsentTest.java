package dev.camgate.media.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ConsentTest {
    private static final long S = 1_000_000_000L;
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 2000);
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.1", 3000);

    private long now = 5_000 * S; // a fake nanoTime, nowhere near 0

    @Test
    void consentLastsThirtySecondsFromTheLastCheck() {
        Consent consent = new Consent(now);
        now += 29 * S;
        assertFalse(consent.expired(now));
        consent.checked(A, false, now);
        now += 29 * S;
        assertFalse(consent.expired(now), "the check at 29 s renewed it");
        now += S - 1;
        assertFalse(consent.expired(now));
        now += 1;
        assertTrue(consent.expired(now), "30 s without a check");
    }

    @Test
    void aSessionWithoutAnyCheckExpiresThirtySecondsAfterItStarted() {
        Consent consent = new Consent(now);
        assertFalse(consent.expired(now + 30 * S - 1));
        assertTrue(consent.expired(now + 30 * S));
        assertNull(consent.selected());
    }

    @Test
    void theFirstCheckedAddressIsSelectedUntilANominationAndTheLatestNominationWins() {
        Consent consent = new Consent(now);
        consent.checked(A, false, now);
        consent.checked(B, false, now);
        assertEquals(A, consent.selected());
        assertFalse(consent.nominated());
        consent.checked(B, true, now);
        assertEquals(B, consent.selected());
        assertTrue(consent.nominated());
        consent.checked(C, false, now);
        assertEquals(B, consent.selected(), "a check without USE-CANDIDATE does not move a nomination");
        consent.checked(C, true, now);
        assertEquals(C, consent.selected(), "a renomination does");
    }

    @Test
    void theClockMayWrap() {
        long start = Long.MAX_VALUE - 10 * S;
        Consent consent = new Consent(start);
        assertFalse(consent.expired(start + 20 * S)); // overflows past Long.MAX_VALUE
        assertTrue(consent.expired(start + 30 * S));
    }
}
