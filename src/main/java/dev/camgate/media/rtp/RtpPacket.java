package dev.camgate.media.rtp;

/**
 * Reads and rewrites an RTP header (RFC 3550 §5.1) in place, on the bytes as they came off the wire, so the
 * forwarding path needs no object per packet. Every method takes the packet as {@code (buf, off, len)};
 * callers check {@link #isValid} once when the packet arrives and may then use the others freely.
 */
public final class RtpPacket {
    public static final int FIXED_HEADER = 12;

    private RtpPacket() {
    }

    /**
     * Version 2, a payload type that is not RTCP's (RFC 5761 §4), and a header (CSRCs, extension) and padding
     * that fit inside {@code len}; false (never an exception) for anything else, including a range outside
     * {@code buf}.
     */
    public static boolean isValid(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < FIXED_HEADER || off > buf.length - len || (buf[off] & 0xC0) != 0x80) {
            return false;
        }
        int pt = buf[off + 1] & 0x7F;
        if (pt >= 64 && pt <= 95) {
            return false; // 192-223 with the marker bit: RTCP multiplexed on the same port
        }
        int header = headerLength(buf, off, len);
        if (header < 0 || header > len) {
            return false;
        }
        int padding = hasPadding(buf, off) ? buf[off + len - 1] & 0xFF : 0;
        return (!hasPadding(buf, off) || padding > 0) && header + padding <= len;
    }

    /** Fixed header, CSRC list and header extension; -1 if the extension length runs past {@code len}. */
    public static int headerLength(byte[] buf, int off, int len) {
        int n = FIXED_HEADER + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (n + 4 > len) {
                return -1;
            }
            n += 4 + 4 * u16(buf, off + n + 2);
        }
        return n;
    }

    public static boolean hasPadding(byte[] buf, int off) {
        return (buf[off] & 0x20) != 0;
    }

    public static boolean hasExtension(byte[] buf, int off) {
        return (buf[off] & 0x10) != 0;
    }

    public static boolean marker(byte[] buf, int off) {
        return (buf[off + 1] & 0x80) != 0;
    }

    public static int payloadType(byte[] buf, int off) {
        return buf[off + 1] & 0x7F;
    }

    public static void setPayloadType(byte[] buf, int off, int pt) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (pt & 0x7F));
    }

    public static int sequence(byte[] buf, int off) {
        return u16(buf, off + 2);
    }

    public static void setSequence(byte[] buf, int off, int seq) {
        buf[off + 2] = (byte) (seq >>> 8);
        buf[off + 3] = (byte) seq;
    }

    /** The timestamp as an unsigned 32-bit value in a long. */
    public static long timestamp(byte[] buf, int off) {
        return u32(buf, off + 4);
    }

    public static void setTimestamp(byte[] buf, int off, long ts) {
        putU32(buf, off + 4, ts);
    }

    public static long ssrc(byte[] buf, int off) {
        return u32(buf, off + 8);
    }

    public static void setSsrc(byte[] buf, int off, long ssrc) {
        putU32(buf, off + 8, ssrc);
    }

    /** Where the payload starts, relative to the packet's first byte. */
    public static int payloadOffset(byte[] buf, int off, int len) {
        return headerLength(buf, off, len);
    }

    /** Payload bytes, without the header and without padding. */
    public static int payloadLength(byte[] buf, int off, int len) {
        int padding = hasPadding(buf, off) ? buf[off + len - 1] & 0xFF : 0;
        return len - headerLength(buf, off, len) - padding;
    }

    /**
     * Removes the CSRC list and the header extension by moving the payload up; returns the new length. A viewer
     * negotiates its own extension ids, so the camera's extensions mean nothing to it.
     */
    public static int stripExtensionAndCsrcs(byte[] buf, int off, int len) {
        int header = headerLength(buf, off, len);
        if (header == FIXED_HEADER) {
            return len;
        }
        System.arraycopy(buf, off + header, buf, off + FIXED_HEADER, len - header);
        buf[off] = (byte) (buf[off] & 0xE0); // keep version and padding; no extension, no CSRCs
        return len - (header - FIXED_HEADER);
    }

    /** Whether sequence number {@code a} comes after {@code b}, allowing for wrap-around (RFC 1982). */
    public static boolean isNewer(int a, int b) {
        return a != b && ((a - b) & 0xFFFF) < 0x8000;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static int u16le(byte[] b, int i) {
        return b[i] & 0xFF | (b[i + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int i) {
        return (long) (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    static void putU32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
