package dev.camgate.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * jitsi-srtp's view of a packet, pointed at the caller's array for one call and reused for the next, so no
 * object is made per packet. It never reallocates: the caller checked the spare room before.
 */
final class PacketBuffer implements ByteArrayBuffer {
    private byte[] buf;
    private int off;
    private int len;

    PacketBuffer set(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /** Drops the reference to the caller's array once a call is done. */
    void clear() {
        buf = null;
    }

    @Override
    public byte[] getBuffer() {
        return buf;
    }

    @Override
    public int getOffset() {
        return off;
    }

    @Override
    public int getLength() {
        return len;
    }

    @Override
    public void setLength(int len) {
        this.len = len;
    }

    @Override
    public void setOffset(int off) {
        this.off = off;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int from, int count, byte[] out) {
        System.arraycopy(buf, off + from, out, 0, count);
    }

    @Override
    public void grow(int howMuch) {
        if (off + len + howMuch > buf.length) {
            throw new IllegalStateException("no room for " + howMuch + " more bytes");
        }
    }

    @Override
    public void append(byte[] data, int count) {
        grow(count);
        System.arraycopy(data, 0, buf, off + len, count);
        len += count;
    }

    @Override
    public void shrink(int count) {
        len = Math.max(0, len - count);
    }
}
