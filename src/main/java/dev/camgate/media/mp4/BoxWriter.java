package dev.camgate.media.mp4;

import java.util.Arrays;

/**
 * A growing big-endian byte buffer for writing boxes: {@link #open} writes a header with a size to be patched by
 * {@link #close}. Boxes written here (ftyp, moov, moof) stay far below 2 GiB.
 */
final class BoxWriter {
    private byte[] buf;
    private int len;

    BoxWriter(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    int length() {
        return len;
    }

    /** Starts a box; returns its position for {@link #close}. */
    int open(int type) {
        int at = len;
        u32(0);
        u32(type);
        return at;
    }

    /** Starts a full box (version and flags after the header). */
    int openFull(int type, int version, int flags) {
        int at = open(type);
        u32(version << 24 | flags & 0xFFFFFF);
        return at;
    }

    void close(int at) {
        patch32(at, len - at);
    }

    void patch32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    void u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        patch32(len, v);
        len += 4;
    }

    void u64(long v) {
        u32(v >>> 32);
        u32(v);
    }

    void zeros(int n) {
        ensure(n);
        len += n; // the buffer is zero past len: it only grows and is never rewound
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** The unity matrix of mvhd and tkhd (16.16 and 2.30 fixed point). */
    void matrix() {
        u32(0x00010000);
        zeros(12);
        u32(0x00010000);
        zeros(12);
        u32(0x40000000);
    }

    byte[] toByteArray() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    static int fourcc(String s) {
        return s.charAt(0) << 24 | s.charAt(1) << 16 | s.charAt(2) << 8 | s.charAt(3);
    }

    /** A box type for a message: its four characters, or hex when they are not printable. */
    static String name(int type) {
        StringBuilder s = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = type >>> shift & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return String.format("0x%08x", type);
            }
            s.append((char) c);
        }
        return "'" + s + "'";
    }
}
