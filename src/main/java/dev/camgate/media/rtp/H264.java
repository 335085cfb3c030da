package dev.camgate.media.rtp;

/**
 * Facts about an H.264 RTP payload (RFC 6184) read straight from the packet: which NAL unit types it carries,
 * whether it starts a keyframe, where an SPS sits. Only what WebRTC sends is understood: single NAL units,
 * STAP-A and FU-A (packetization-mode 0 and 1); anything else counts as no keyframe. Static, allocation-free,
 * never throws for any {@code (buf, payloadOff, payloadLen)} inside {@code buf}.
 */
public final class H264 {
    public static final int NAL_IDR = 5;
    public static final int NAL_SEI = 6;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int STAP_A = 24;
    public static final int FU_A = 28;

    private H264() {
    }

    /** The NAL unit type (low 5 bits) of a NAL header byte. */
    public static int nalType(byte nalHeader) {
        return nalHeader & 0x1F;
    }

    /**
     * The type of the NAL unit this payload carries or begins: a single NAL unit's own type, a FU-A fragment's
     * original type, the first aggregated unit's type of a STAP-A; -1 for an empty or malformed payload.
     */
    public static int nalType(byte[] buf, int payloadOff, int payloadLen) {
        if (!inside(buf, payloadOff, payloadLen) || payloadLen < 1) {
            return -1;
        }
        int type = buf[payloadOff] & 0x1F;
        if (type == FU_A) {
            return payloadLen < 2 ? -1 : buf[payloadOff + 1] & 0x1F;
        }
        if (type == STAP_A) {
            if (payloadLen < 4) {
                return -1;
            }
            int size = RtpPacket.u16(buf, payloadOff + 1);
            return size == 0 || size > payloadLen - 3 ? -1 : buf[payloadOff + 3] & 0x1F;
        }
        return type;
    }

    /**
     * Whether this payload begins a NAL unit: a single NAL unit, a STAP-A, or the first fragment (S bit) of a
     * FU-A. A frame can begin only where a NAL unit does; that the NAL unit is the frame's first is for the RTP
     * timestamp to say.
     */
    public static boolean startsNalUnit(byte[] buf, int payloadOff, int payloadLen) {
        if (!inside(buf, payloadOff, payloadLen) || payloadLen < 1) {
            return false;
        }
        int type = buf[payloadOff] & 0x1F;
        if (type == FU_A) {
            return payloadLen >= 2 && (buf[payloadOff + 1] & 0x80) != 0;
        }
        return type >= 1 && type <= STAP_A;
    }

    /**
     * True when the payload starts an IDR picture or carries an SPS (which a keyframe from WebRTC encoders
     * always begins with): a single NAL unit of type 5 or 7, a STAP-A holding one, or the first fragment of a
     * FU-A whose original type is 5 or 7.
     */
    public static boolean isKeyframe(byte[] buf, int payloadOff, int payloadLen) {
        if (!inside(buf, payloadOff, payloadLen) || payloadLen < 1) {
            return false;
        }
        int type = buf[payloadOff] & 0x1F;
        return switch (type) {
            case NAL_IDR, NAL_SPS -> true;
            case STAP_A -> findNal(buf, payloadOff, payloadLen, NAL_IDR) >= 0 || findNal(buf, payloadOff, payloadLen, NAL_SPS) >= 0;
            case FU_A -> payloadLen >= 2 && (buf[payloadOff + 1] & 0x80) != 0
                    && ((buf[payloadOff + 1] & 0x1F) == NAL_IDR || (buf[payloadOff + 1] & 0x1F) == NAL_SPS);
            default -> false;
        };
    }

    /**
     * Finds a whole NAL unit of {@code nalType} in a single-NAL or STAP-A payload (not in a fragment). Returns its
     * place packed as {@code offset << 32 | length} (the offset into {@code buf}, at the NAL header byte; read
     * both with {@link #spanOffset} and {@link #spanLength}), or -1 when there is none. A STAP-A whose sizes run
     * past the payload is searched only up to the fault.
     */
    public static long findNal(byte[] buf, int payloadOff, int payloadLen, int nalType) {
        if (!inside(buf, payloadOff, payloadLen) || payloadLen < 1) {
            return -1;
        }
        int type = buf[payloadOff] & 0x1F;
        if (type == nalType) {
            return span(payloadOff, payloadLen);
        }
        if (type != STAP_A) {
            return -1;
        }
        int at = payloadOff + 1;
        int end = payloadOff + payloadLen;
        while (end - at >= 3) {
            int size = RtpPacket.u16(buf, at);
            at += 2;
            if (size == 0 || size > end - at) {
                return -1;
            }
            if ((buf[at] & 0x1F) == nalType) {
                return span(at, size);
            }
            at += size;
        }
        return -1;
    }

    /** {@link #findNal} for the sequence parameter set (type 7). */
    public static long findSps(byte[] buf, int payloadOff, int payloadLen) {
        return findNal(buf, payloadOff, payloadLen, NAL_SPS);
    }

    /** The offset part of a {@link #findNal} result. */
    public static int spanOffset(long span) {
        return (int) (span >>> 32);
    }

    /** The length part of a {@link #findNal} result. */
    public static int spanLength(long span) {
        return (int) span;
    }

    private static long span(int offset, int length) {
        return (long) offset << 32 | length & 0xFFFFFFFFL;
    }

    static boolean inside(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
    }
}
