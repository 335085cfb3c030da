package dev.camgate.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendBuffersTest {
    private final SendBuffers buffers = new SendBuffers(new UnpooledByteBufAllocator(true));

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    @Test
    void aBufferTheChannelReleasedIsReusedWithOnlyTheNewBytes() {
        List<ByteBuf> first = new ArrayList<>();
        for (int i = 0; i < SendBuffers.RING; i++) {
            ByteBuf b = buffers.copyOf(bytes(1200, i), 0, 1200);
            first.add(b);
            b.release(); // the kernel took it
        }
        ByteBuf again = buffers.copyOf(bytes(40, 7), 10, 20);
        assertSame(first.get(0), again, "the buffer the channel let go is the next one used");
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes(40, 7), 10, 30), ByteBufUtil.getBytes(again));
        assertEquals(2, again.refCnt(), "the ring's own reference and the datagram's");
        assertEquals(0, buffers.fromPool);
        again.release();
        buffers.close();
        assertEquals(0, again.refCnt(), "closing frees what is not in flight");
    }

    /** Two viewers: a camera packet's two copies are in flight together, then both are sent. */
    @Test
    void aHubThatSendsLittleKeepsFewBuffers() {
        java.util.Set<ByteBuf> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int packet = 0; packet < 3 * SendBuffers.RING; packet++) {
            ByteBuf a = buffers.copyOf(bytes(1000, packet), 0, 1000);
            ByteBuf b = buffers.copyOf(bytes(1000, packet), 0, 1000);
            seen.add(a);
            seen.add(b);
            a.release();
            b.release();
        }
        assertEquals(2, seen.size(), "the port holds as many buffers as were in flight at once");
        assertEquals(0, buffers.fromPool);
        buffers.close();
    }

    @Test
    void whenEveryBufferIsInFlightThePoolGivesOneAndNothingIsOverwritten() {
        List<ByteBuf> inFlight = new ArrayList<>();
        for (int i = 0; i < SendBuffers.RING; i++) {
            inFlight.add(buffers.copyOf(bytes(100, i), 0, 100));
        }
        ByteBuf extra = buffers.copyOf(bytes(100, -1), 0, 100);
        assertEquals(1, buffers.fromPool);
        assertEquals(1, extra.refCnt(), "a pool buffer is the datagram's alone");
        for (int i = 0; i < SendBuffers.RING; i++) {
            assertNotSame(extra, inFlight.get(i));
            assertArrayEquals(bytes(100, i), ByteBufUtil.getBytes(inFlight.get(i)), "datagram " + i + " untouched");
        }
        extra.release();
        inFlight.get(0).release();
        ByteBuf reused = buffers.copyOf(bytes(10, 3), 0, 10);
        assertSame(inFlight.get(0), reused, "the oldest came free first");
        inFlight.subList(1, inFlight.size()).forEach(ByteBuf::release);
        reused.release();
        assertEquals(1, reused.refCnt(), "only the ring's own reference is left");
        buffers.close();
    }

    @Test
    void aDatagramLargerThanTheRingsBuffersComesFromThePool() {
        ByteBuf big = buffers.copyOf(bytes(4000, 1), 0, 4000);
        assertEquals(4000, big.readableBytes());
        assertEquals(1, buffers.fromPool);
        big.release();
        buffers.close();
    }
}
