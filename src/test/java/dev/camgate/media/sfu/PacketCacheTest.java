package dev.camgate.media.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketCacheTest {

    @Test
    void holdsAPacketUntilItsSlotIsReused() {
        PacketCache cache = new PacketCache(16);
        byte[] p = Rtp.packet(1, 7, 0, false, Rtp.DELTA, 50);
        byte[] framed = new byte[p.length + 5];
        System.arraycopy(p, 0, framed, 5, p.length);
        assertTrue(cache.put(framed, 5, p.length, 7, 42));
        int slot = cache.slot(7);
        assertTrue(slot >= 0);
        assertEquals(p.length, cache.length(slot));
        assertEquals(42, cache.arrivalNanos(slot));
        assertArrayEquals(p, Arrays.copyOf(cache.buffer(slot), cache.length(slot)));

        assertTrue(cache.put(p, 0, p.length, 7 + 16, 43));
        assertEquals(-1, cache.slot(7), "overwritten by the packet 16 later");
        assertTrue(cache.contains(23));
    }

    @Test
    void extendedNumbersTellRollOversApart() {
        PacketCache cache = new PacketCache(1024);
        byte[] p = Rtp.packet(1, 5, 0, false, Rtp.DELTA, 10);
        cache.put(p, 0, p.length, 5, 0);
        assertFalse(cache.contains(5 + 65536), "the same 16-bit number one roll-over later is another packet");
        assertFalse(cache.contains(4));
    }

    @Test
    void refusesWhatDoesNotFitAndForgetsOnClear() {
        PacketCache cache = new PacketCache(16);
        byte[] big = new byte[PacketCache.MAX_PACKET + 1];
        assertFalse(cache.put(big, 0, big.length, 1, 0));
        assertFalse(cache.put(big, 10, PacketCache.MAX_PACKET, 1, 0), "range past the end of the array");
        assertFalse(cache.contains(1));
        assertTrue(cache.put(big, 0, PacketCache.MAX_PACKET, 2, 0));
        cache.clear();
        assertFalse(cache.contains(2));
    }

    @Test
    void capacityIsAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new PacketCache(1000));
        assertThrows(IllegalArgumentException.class, () -> new PacketCache(8));
        assertEquals(128, new PacketCache(128).capacity());
    }
}
