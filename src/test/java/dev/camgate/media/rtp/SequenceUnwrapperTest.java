package dev.camgate.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceUnwrapperTest {

    @Test
    void countsOnAcrossWrapAround() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertEquals(-1, u.highest());
        assertEquals(65534, u.unwrap(65534));
        assertEquals(65535, u.unwrap(65535));
        assertEquals(65536, u.unwrap(0));
        assertEquals(65537, u.unwrap(1));
        assertEquals(65535, u.unwrap(65535), "a late packet from before the wrap");
        assertEquals(65537, u.highest(), "a late packet does not move the highest back");
        assertEquals(65536 + 30001, u.unwrap(30001));
        assertEquals(65536 + 5, u.unwrap(5), "30 000 back is late, not a wrap");
        assertEquals(65536 + 60000, u.unwrap(60000));
        assertEquals(2 * 65536 + 5, u.unwrap(5), "second wrap");
        assertEquals(2 * 65536 + 5, u.highest());
    }

    @Test
    void aPacketFromBeforeTheFirstGoesNegative() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertEquals(0, u.unwrap(0));
        assertEquals(-1, u.unwrap(65535));
        assertEquals(0, u.highest());
    }

    @Test
    void onlyTheLow16BitsCount() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertEquals(7, u.unwrap(0x30007));
    }
}
