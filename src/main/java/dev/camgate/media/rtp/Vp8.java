package dev.camgate.media.rtp;

/**
 * Facts about a VP8 RTP payload (RFC 7741): the payload descriptor (§4.2) and, at the start of a frame, the
 * VP8 payload header (§4.3) and a keyframe's size (RFC 6386 §9.1). Static, allocation-free, never throws for
 * any {@code (buf, payloadOff, payloadLen)} inside {@code buf}.
 */
public final class Vp8 {
    private Vp8() {
    }

    /**
     * Length of the payload descriptor (1 to 6 bytes), or -1 when the extensions it announces run past the
     * payload or nothing follows it.
     */
    public static int descriptorLength(byte[] buf, int payloadOff, int payloadLen) {
        if (!H264.inside(buf, payloadOff, payloadLen) || payloadLen < 1) {
            return -1;
        }
        int n = 1;
        if ((buf[payloadOff] & 0x80) != 0) { // X: an extension byte says which optional fields follow
            if (payloadLen < 2) {
                return -1;
            }
            int x = buf[payloadOff + 1] & 0xFF;
            n = 2;
            if ((x & 0x80) != 0) { // I: PictureID, 7 or 15 bits (M)
                if (payloadLen < n + 1) {
                    return -1;
                }
                n += (buf[payloadOff + n] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                n++;
            }
            if ((x & 0x30) != 0) { // T or K: TID/Y/KEYIDX share one byte
                n++;
            }
        }
        return n < payloadLen ? n : -1;
    }

    /** Whether this packet begins a frame: S bit set and partition index 0. */
    public static boolean startsFrame(byte[] buf, int payloadOff, int payloadLen) {
        return descriptorLength(buf, payloadOff, payloadLen) > 0 && (buf[payloadOff] & 0x1F) == 0x10;
    }

    /** The PictureID (7 or 15 bits), or -1 when the descriptor has none or is malformed. */
    public static int pictureId(byte[] buf, int payloadOff, int payloadLen) {
        if (descriptorLength(buf, payloadOff, payloadLen) < 0 || (buf[payloadOff] & 0x80) == 0
                || (buf[payloadOff + 1] & 0x80) == 0) {
            return -1;
        }
        int b = buf[payloadOff + 2] & 0xFF;
        return (b & 0x80) != 0 ? (b & 0x7F) << 8 | buf[payloadOff + 3] & 0xFF : b;
    }

    /** The first packet of a keyframe: {@link #startsFrame} and the VP8 payload header's P (inverse key frame) bit 0. */
    public static boolean isKeyframe(byte[] buf, int payloadOff, int payloadLen) {
        int d = descriptorLength(buf, payloadOff, payloadLen);
        return d > 0 && (buf[payloadOff] & 0x1F) == 0x10 && (buf[payloadOff + d] & 0x01) == 0;
    }

    /** A keyframe's width in pixels from its 10-byte header (start code checked), or -1. */
    public static int keyframeWidth(byte[] buf, int payloadOff, int payloadLen) {
        int at = keyframeHeader(buf, payloadOff, payloadLen);
        return at < 0 ? -1 : RtpPacket.u16le(buf, at + 6) & 0x3FFF;
    }

    /** A keyframe's height in pixels from its 10-byte header (start code checked), or -1. */
    public static int keyframeHeight(byte[] buf, int payloadOff, int payloadLen) {
        int at = keyframeHeader(buf, payloadOff, payloadLen);
        return at < 0 ? -1 : RtpPacket.u16le(buf, at + 8) & 0x3FFF;
    }

    // The 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height, each with 2 scaling bits on top.
    private static int keyframeHeader(byte[] buf, int payloadOff, int payloadLen) {
        if (!isKeyframe(buf, payloadOff, payloadLen)) {
            return -1;
        }
        int at = payloadOff + descriptorLength(buf, payloadOff, payloadLen);
        if (payloadOff + payloadLen - at < 10 || (buf[at + 3] & 0xFF) != 0x9D || buf[at + 4] != 0x01
                || buf[at + 5] != 0x2A) {
            return -1;
        }
        return at;
    }
}
