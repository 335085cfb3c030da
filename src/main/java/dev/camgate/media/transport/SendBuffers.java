package dev.camgate.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The direct buffers the media port sends datagrams from, reused. A relay sends one buffer per packet and viewer
 * (250,000 a second at 1,000 viewers); taking each from Netty's pool cost allocator work and, for one in 128, a
 * leak-detection record with a full stack trace (seen in a profile at 500 viewers).
 *
 * <p>Each buffer here keeps one reference of its own; a datagram in flight holds a second, which Netty drops once
 * the kernel has it. Datagrams leave in the order they were written, so buffers in flight wait in that order and
 * come back to the free stack from its front. A buffer is made only when none is free, so the port holds as many
 * as were ever in flight at once (a few for two viewers); past {@link #RING} the pool gives one, as before.
 * Only the port's loop calls this.
 */
final class SendBuffers {
    /** Big enough for any datagram the port sends: SRTP packets stay under 1,300 bytes, DTLS records likewise. */
    static final int CAPACITY = 1536;
    /** A read batch's worth for 1,000 viewers and then some; 6 MiB if all are ever made. */
    static final int RING = 4096;

    private final ByteBufAllocator alloc;
    private final ByteBuf[] made = new ByteBuf[RING];
    private int madeCount;
    private final int[] free = new int[RING];
    private int freeCount;
    /** Indexes of buffers in flight, oldest first: a ring of {@code flying} from {@code head}. */
    private final int[] inFlight = new int[RING];
    private int head;
    private int flying;
    private boolean closed;
    /** How often none was free (or the datagram was too big) and the pool gave the buffer. */
    long fromPool;

    SendBuffers(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** A buffer holding {@code buf[off, off+len)}, whose one reference the caller hands to the channel. */
    ByteBuf copyOf(byte[] buf, int off, int len) {
        int i = closed || len > CAPACITY ? -1 : take();
        if (i < 0) {
            fromPool++;
            return alloc.directBuffer(len).writeBytes(buf, off, len);
        }
        inFlight[(head + flying++) % RING] = i;
        return made[i].clear().writeBytes(buf, off, len).retain();
    }

    private int take() {
        while (flying > 0 && made[inFlight[head]].refCnt() == 1) {
            free[freeCount++] = inFlight[head];
            head = head + 1 == RING ? 0 : head + 1;
            flying--;
        }
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (madeCount < RING) {
            made[madeCount] = alloc.directBuffer(CAPACITY, CAPACITY);
            return madeCount++;
        }
        return -1;
    }

    /** Drops the port's own references; buffers still in flight are freed when the channel lets them go. */
    void close() {
        closed = true;
        for (int i = 0; i < madeCount; i++) {
            made[i].release();
            made[i] = null;
        }
        madeCount = 0;
    }
}
