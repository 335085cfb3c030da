package dev.camgate.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The direct buffers the media port sends datagrams from, reused in turn. A relay sends one buffer per packet and
 * viewer (250,000 a second at 1,000 viewers); taking each from Netty's pool cost allocator work and, for one in
 * 128, a leak-detection record with a full stack trace (seen in a profile at 500 viewers).
 *
 * <p>Each buffer here keeps one reference of its own; a datagram in flight holds a second, which Netty drops once
 * the kernel has it. Datagrams leave in the order they were written, so the oldest buffer comes free first: the
 * next in the ring is either free or everything is in flight, and then a buffer comes from the pool as before.
 * Buffers are made the first time the ring reaches them, so a hub with two viewers holds a few, not thousands.
 * Only the port's loop calls this.
 */
final class SendBuffers {
    /** Big enough for any datagram the port sends: SRTP packets stay under 1,300 bytes, DTLS records likewise. */
    static final int CAPACITY = 1536;
    /** A read batch's worth for 1,000 viewers and then some; 6 MiB if all are ever made. */
    static final int RING = 4096;

    private final ByteBufAllocator alloc;
    private final ByteBuf[] ring = new ByteBuf[RING];
    private int next;
    private boolean closed;
    /** How often the ring had none free (or the datagram was too big) and the pool gave the buffer. */
    long fromPool;

    SendBuffers(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** A buffer holding {@code buf[off, off+len)}, whose one reference the caller hands to the channel. */
    ByteBuf copyOf(byte[] buf, int off, int len) {
        ByteBuf b = closed || len > CAPACITY ? null : ring[next];
        if (b == null && !closed && len <= CAPACITY) {
            b = alloc.directBuffer(CAPACITY, CAPACITY);
            ring[next] = b;
        }
        if (b == null || b.refCnt() != 1) {
            fromPool++;
            return alloc.directBuffer(len).writeBytes(buf, off, len);
        }
        next = next + 1 == RING ? 0 : next + 1;
        b.clear().writeBytes(buf, off, len);
        return b.retain();
    }

    /** Drops the ring's own references; buffers still in flight are freed when the channel lets them go. */
    void close() {
        closed = true;
        for (int i = 0; i < RING; i++) {
            if (ring[i] != null) {
                ring[i].release();
                ring[i] = null;
            }
        }
    }
}
