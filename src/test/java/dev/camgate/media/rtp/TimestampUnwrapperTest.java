package dev.camgate.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimestampUnwrapperTest {
    private static final long WRAP = 1L << 32;

    @Test
    void runsOnAcrossTheWrap() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertEquals(WRAP - 3000, u.unwrap(WRAP - 3000));
        assertEquals(WRAP, u.unwrap(0), "one 90 kHz frame later, past 2^32");
        assertEquals(WRAP + 3000, u.unwrap(3000));
        assertEquals(WRAP - 3000, u.unwrap(WRAP - 3000), "a step back across the wrap goes back");
        assertEquals(WRAP + 6000, u.unwrap(6000));
    }

    @Test
    void resetStartsTheCountAfresh() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        u.unwrap(WRAP - 10);
        u.unwrap(5);
        u.reset();
        assertEquals(1_000_000, u.unwrap(1_000_000), "a camera that came back with a new random timestamp");
    }

    @Test
    void onlyTheLow32BitsCount() {
        assertEquals(7, new TimestampUnwrapper().unwrap(WRAP + 7));
    }
}
