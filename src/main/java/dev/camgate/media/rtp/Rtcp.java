package dev.camgate.media.rtp;

import static dev.camgate.media.rtp.RtpPacket.putU32;
import static dev.camgate.media.rtp.RtpPacket.u16;
import static dev.camgate.media.rtp.RtpPacket.u32;

/**
 * RTCP compound packets (RFC 3550 §6, reduced-size RFC 5506, feedback RFC 4585 and RFC 5104) read and written
 * on the caller's bytes: {@link #walk} reports what a packet says to an {@link RtcpVisitor} without allocating,
 * and the writers fill a caller's buffer and return the byte count, so a compound packet is built by writing one
 * part after another. All methods are static, stateless and safe on any thread.
 */
public final class Rtcp {
    /** {@link #walk} result: the compound packet is well formed and every part was reported. */
    public static final int OK = 0;
    /** Fewer than 4 bytes where a header should start (or a range outside the buffer). */
    public static final int SHORT = -1;
    /** A header whose version is not 2. */
    public static final int BAD_VERSION = -2;
    /** A packet type outside 192-223, so not RTCP at all (RFC 5761 §4). */
    public static final int BAD_TYPE = -3;
    /** A length field that runs past the end of the datagram. */
    public static final int LENGTH_OVERRUN = -4;
    /** The P bit with a padding count of 0 or larger than the packet body. */
    public static final int BAD_PADDING = -5;
    /** A body shorter than its count or format says: report blocks, BYE SSRCs, feedback FCI entries (a NACK or FIR needs one). */
    public static final int TRUNCATED = -6;

    static final int SR = 200;
    static final int RR = 201;
    static final int SDES = 202;
    static final int BYE = 203;
    static final int RTPFB = 205;
    static final int PSFB = 206;
    private static final int REPORT_BLOCK = 24;
    private static final int REMB_ID = 'R' << 24 | 'E' << 16 | 'M' << 8 | 'B';

    private Rtcp() {
    }

    /** Whether a datagram on a muxed port is RTCP rather than RTP (RFC 5761 §4: second byte 192-223). */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (buf == null || len < 4 || off < 0 || off > buf.length - len || (buf[off] & 0xC0) != 0x80) {
            return false;
        }
        int pt = buf[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    /**
     * Checks the whole compound packet first and, only if all of it is well formed, reports each part to
     * {@code visitor} in order; returns {@link #OK} or the (negative) reason code of the first fault, never
     * throws. No object is allocated. Reduced-size RTCP (a lone feedback packet, no leading SR/RR) is accepted.
     */
    public static int walk(byte[] buf, int off, int len, RtcpVisitor visitor) {
        int result = scan(buf, off, len, null);
        return result == OK && visitor != null ? scan(buf, off, len, visitor) : result;
    }

    /** {@link #walk} without a visitor: {@link #OK} or why the compound packet is malformed. */
    public static int check(byte[] buf, int off, int len) {
        return scan(buf, off, len, null);
    }

    /** A reason code in words, for a log line. */
    public static String reason(int code) {
        return switch (code) {
            case OK -> "ok";
            case SHORT -> "shorter than an RTCP header";
            case BAD_VERSION -> "version is not 2";
            case BAD_TYPE -> "packet type outside 192-223";
            case LENGTH_OVERRUN -> "length field runs past the datagram";
            case BAD_PADDING -> "padding count is 0 or larger than the packet";
            case TRUNCATED -> "body shorter than its count or format needs";
            default -> "unknown code " + code;
        };
    }

    /** The {@code i}-th SSRC of a list of 32-bit SSRCs starting at {@code ssrcsOff} (as handed to {@link RtcpVisitor#remb}). */
    public static long ssrcAt(byte[] buf, int ssrcsOff, int i) {
        return u32(buf, ssrcsOff + 4 * i);
    }

    /** The middle 32 bits of a 64-bit NTP timestamp: what an RR's LSR field holds for a sender report (RFC 3550 §6.4.1). */
    public static long compactNtp(long ntpMsw, long ntpLsw) {
        return (ntpMsw & 0xFFFF) << 16 | (ntpLsw >>> 16) & 0xFFFF;
    }

    // With visitor == null only the structure is checked; the same code then reports, so both agree by construction.
    private static int scan(byte[] buf, int off, int len, RtcpVisitor v) {
        if (buf == null || off < 0 || len < 4 || off > buf.length - len) {
            return SHORT;
        }
        int pos = off;
        int end = off + len;
        while (pos < end) {
            if (end - pos < 4) {
                return SHORT;
            }
            int b0 = buf[pos] & 0xFF;
            if ((b0 & 0xC0) != 0x80) {
                return BAD_VERSION;
            }
            int pt = buf[pos + 1] & 0xFF;
            if (pt < 192 || pt > 223) {
                return BAD_TYPE;
            }
            int packetLen = (u16(buf, pos + 2) + 1) * 4;
            if (packetLen > end - pos) {
                return LENGTH_OVERRUN;
            }
            int bodyEnd = pos + packetLen;
            if ((b0 & 0x20) != 0) {
                int padding = buf[bodyEnd - 1] & 0xFF;
                if (padding == 0 || padding > packetLen - 4) {
                    return BAD_PADDING;
                }
                bodyEnd -= padding;
            }
            int result = packet(buf, pt, b0 & 0x1F, pos + 4, bodyEnd - pos - 4, v);
            if (result != OK) {
                return result;
            }
            pos += packetLen;
        }
        return OK;
    }

    private static int packet(byte[] buf, int pt, int count, int body, int bodyLen, RtcpVisitor v) {
        switch (pt) {
            case SR -> {
                if (bodyLen < 24 + REPORT_BLOCK * count) {
                    return TRUNCATED;
                }
                long ssrc = u32(buf, body);
                if (v != null) {
                    v.senderReport(ssrc, u32(buf, body + 4), u32(buf, body + 8), u32(buf, body + 12),
                            u32(buf, body + 16), u32(buf, body + 20));
                    reportBlocks(buf, ssrc, count, body + 24, v);
                }
            }
            case RR -> {
                if (bodyLen < 4 + REPORT_BLOCK * count) {
                    return TRUNCATED;
                }
                long ssrc = u32(buf, body);
                if (v != null) {
                    v.receiverReport(ssrc);
                    reportBlocks(buf, ssrc, count, body + 4, v);
                }
            }
            case SDES -> {
                if (v != null) {
                    v.sdes(count);
                }
            }
            case BYE -> {
                if (bodyLen < 4 * count) {
                    return TRUNCATED;
                }
                for (int i = 0; v != null && i < count; i++) {
                    v.bye(u32(buf, body + 4 * i));
                }
            }
            case RTPFB -> {
                return transportFeedback(buf, count, body, bodyLen, v);
            }
            case PSFB -> {
                return payloadFeedback(buf, count, body, bodyLen, v);
            }
            default -> {
                if (v != null) {
                    v.other(pt, count);
                }
            }
        }
        return OK;
    }

    private static void reportBlocks(byte[] buf, long reporter, int count, int at, RtcpVisitor v) {
        for (int i = 0; i < count; i++, at += REPORT_BLOCK) {
            int cumulative = (buf[at + 5] & 0xFF) << 16 | (buf[at + 6] & 0xFF) << 8 | buf[at + 7] & 0xFF;
            v.reportBlock(reporter, u32(buf, at), buf[at + 4] & 0xFF, cumulative << 8 >> 8, u32(buf, at + 8),
                    u32(buf, at + 12), u32(buf, at + 16), u32(buf, at + 20));
        }
    }

    private static int transportFeedback(byte[] buf, int fmt, int body, int bodyLen, RtcpVisitor v) {
        if (bodyLen < 8) {
            return TRUNCATED;
        }
        long sender = u32(buf, body);
        long media = u32(buf, body + 4);
        int fci = body + 8;
        int fciLen = bodyLen - 8;
        switch (fmt) {
            case 1 -> {
                if (fciLen == 0 || fciLen % 4 != 0) { // RFC 4585 §6.2.1: at least one entry
                    return TRUNCATED;
                }
                for (int at = fci; v != null && at < fci + fciLen; at += 4) {
                    v.nack(sender, media, u16(buf, at), u16(buf, at + 2));
                }
            }
            case 15 -> {
                if (v != null) {
                    v.transportCc(sender, media);
                }
            }
            default -> {
                if (v != null) {
                    v.other(RTPFB, fmt);
                }
            }
        }
        return OK;
    }

    private static int payloadFeedback(byte[] buf, int fmt, int body, int bodyLen, RtcpVisitor v) {
        if (bodyLen < 8) {
            return TRUNCATED;
        }
        long sender = u32(buf, body);
        long media = u32(buf, body + 4);
        int fci = body + 8;
        int fciLen = bodyLen - 8;
        switch (fmt) {
            case 1 -> {
                if (v != null) {
                    v.pli(sender, media);
                }
            }
            case 4 -> {
                if (fciLen == 0 || fciLen % 8 != 0) { // RFC 5104 §4.3.1.2: one or more entries
                    return TRUNCATED;
                }
                for (int at = fci; v != null && at < fci + fciLen; at += 8) {
                    v.fir(sender, u32(buf, at), buf[at + 4] & 0xFF);
                }
            }
            case 15 -> {
                if (fciLen < 8 || (int) u32(buf, fci) != REMB_ID) {
                    if (v != null) {
                        v.other(PSFB, fmt); // some other application-layer feedback
                    }
                    return OK;
                }
                int ssrcCount = buf[fci + 4] & 0xFF;
                if (fciLen < 8 + 4 * ssrcCount) {
                    return TRUNCATED;
                }
                if (v != null) {
                    int exp = (buf[fci + 5] & 0xFF) >>> 2;
                    long mantissa = (buf[fci + 5] & 0x03L) << 16 | (buf[fci + 6] & 0xFF) << 8 | buf[fci + 7] & 0xFF;
                    long bps = mantissa != 0 && exp > Long.numberOfLeadingZeros(mantissa) - 1 ? Long.MAX_VALUE
                            : mantissa << exp;
                    v.remb(sender, bps, ssrcCount, buf, fci + 8);
                }
            }
            default -> {
                if (v != null) {
                    v.other(PSFB, fmt);
                }
            }
        }
        return OK;
    }

    // ---- writers: each returns the bytes written, or -1 (nothing written) when out has no room from off ----

    /** Picture Loss Indication (RFC 4585 §6.3.1), 12 bytes. */
    public static int writePli(byte[] out, int off, long senderSsrc, long mediaSsrc) {
        if (!room(out, off, 12)) {
            return -1;
        }
        header(out, off, 1, PSFB, 12);
        putU32(out, off + 4, senderSsrc);
        putU32(out, off + 8, mediaSsrc);
        return 12;
    }

    /** Full Intra Request (RFC 5104 §4.3.1) for one SSRC, 20 bytes; {@code seqNr} must grow by one per new request. */
    public static int writeFir(byte[] out, int off, long senderSsrc, long mediaSsrc, int seqNr) {
        if (!room(out, off, 20)) {
            return -1;
        }
        header(out, off, 4, PSFB, 20);
        putU32(out, off + 4, senderSsrc);
        putU32(out, off + 8, 0); // RFC 5104: the media source field is unused in a FIR
        putU32(out, off + 12, mediaSsrc);
        out[off + 16] = (byte) seqNr;
        out[off + 17] = 0;
        out[off + 18] = 0;
        out[off + 19] = 0;
        return 20;
    }

    /**
     * Generic NACK (RFC 4585 §6.2.1) for the first {@code count} sequence numbers of {@code lostSeqs}, packed into
     * PID/BLP pairs: each number within 16 after the current pair's PID sets a bit of it, any other starts a new
     * pair (so ascending input, wrap-around included, packs tightest; any order is still correct). Returns 0 for
     * an empty list (nothing to send) and -1 when it does not fit.
     */
    public static int writeNack(byte[] out, int off, long senderSsrc, long mediaSsrc, int[] lostSeqs, int count) {
        if (count < 0 || count > lostSeqs.length) {
            throw new IllegalArgumentException("count " + count + " outside the list of " + lostSeqs.length);
        }
        if (count == 0) {
            return 0;
        }
        int pairs = 0;
        int pid = -1;
        for (int i = 0; i < count; i++) {
            int seq = lostSeqs[i] & 0xFFFF;
            int d = (seq - pid) & 0xFFFF;
            if (pid < 0 || d > 16) {
                pid = seq;
                pairs++;
            }
        }
        int n = 12 + 4 * pairs;
        if (!room(out, off, n) || n / 4 - 1 > 0xFFFF) {
            return -1;
        }
        header(out, off, 1, RTPFB, n);
        putU32(out, off + 4, senderSsrc);
        putU32(out, off + 8, mediaSsrc);
        int at = off + 8; // the pair being filled; advanced to off + 12 by the first number
        pid = -1;
        int blp = 0;
        for (int i = 0; i < count; i++) {
            int seq = lostSeqs[i] & 0xFFFF;
            int d = (seq - pid) & 0xFFFF;
            if (pid < 0 || d > 16) {
                if (pid >= 0) {
                    putPair(out, at, pid, blp);
                }
                at += 4;
                pid = seq;
                blp = 0;
            } else if (d > 0) {
                blp |= 1 << (d - 1);
            }
        }
        putPair(out, at, pid, blp);
        return n;
    }

    /** A receiver report (RFC 3550 §6.4.2) with one report block, 32 bytes; {@code cumulativeLost} is clamped to 24 bits signed. */
    public static int writeReceiverReport(byte[] out, int off, long senderSsrc, long sourceSsrc, int fractionLost,
            int cumulativeLost, long extHighestSeq, long jitter, long lsr, long dlsr) {
        if (!room(out, off, 32)) {
            return -1;
        }
        header(out, off, 1, RR, 32);
        putU32(out, off + 4, senderSsrc);
        putU32(out, off + 8, sourceSsrc);
        int lost = Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost));
        putU32(out, off + 12, (long) (fractionLost & 0xFF) << 24 | lost & 0xFFFFFF);
        putU32(out, off + 16, extHighestSeq);
        putU32(out, off + 20, jitter);
        putU32(out, off + 24, lsr);
        putU32(out, off + 28, dlsr);
        return 32;
    }

    /** A receiver report with no report blocks, 8 bytes: the required first part of a compound packet that reports nothing. */
    public static int writeEmptyReceiverReport(byte[] out, int off, long senderSsrc) {
        if (!room(out, off, 8)) {
            return -1;
        }
        header(out, off, 0, RR, 8);
        putU32(out, off + 4, senderSsrc);
        return 8;
    }

    /** A sender report (RFC 3550 §6.4.1) without report blocks, 28 bytes; {@code ntp} is the 64-bit NTP timestamp. */
    public static int writeSenderReport(byte[] out, int off, long ssrc, long ntp, long rtpTs, long packets, long octets) {
        if (!room(out, off, 28)) {
            return -1;
        }
        header(out, off, 0, SR, 28);
        putU32(out, off + 4, ssrc);
        putU32(out, off + 8, ntp >>> 32);
        putU32(out, off + 12, ntp);
        putU32(out, off + 16, rtpTs);
        putU32(out, off + 20, packets);
        putU32(out, off + 24, octets);
        return 28;
    }

    /** REMB for one SSRC, 24 bytes: asks that sender to stay under {@code bitrateBps} (exponent/mantissa rounds it down). */
    public static int writeRemb(byte[] out, int off, long senderSsrc, long bitrateBps, long mediaSsrc) {
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("negative bitrate " + bitrateBps);
        }
        if (!room(out, off, 24)) {
            return -1;
        }
        int exp = Math.max(0, 64 - Long.numberOfLeadingZeros(bitrateBps) - 18);
        long mantissa = bitrateBps >>> exp;
        header(out, off, 15, PSFB, 24);
        putU32(out, off + 4, senderSsrc);
        putU32(out, off + 8, 0);
        putU32(out, off + 12, REMB_ID);
        putU32(out, off + 16, 1L << 24 | (long) exp << 18 | mantissa);
        putU32(out, off + 20, mediaSsrc);
        return 24;
    }

    /** BYE (RFC 3550 §6.6) for one SSRC, without a reason, 8 bytes. */
    public static int writeBye(byte[] out, int off, long ssrc) {
        if (!room(out, off, 8)) {
            return -1;
        }
        header(out, off, 1, BYE, 8);
        putU32(out, off + 4, ssrc);
        return 8;
    }

    private static boolean room(byte[] out, int off, int n) {
        return off >= 0 && off <= out.length - n;
    }

    private static void header(byte[] out, int off, int countOrFmt, int pt, int bytes) {
        out[off] = (byte) (0x80 | countOrFmt);
        out[off + 1] = (byte) pt;
        int words = bytes / 4 - 1;
        out[off + 2] = (byte) (words >>> 8);
        out[off + 3] = (byte) words;
    }

    private static void putPair(byte[] out, int at, int pid, int blp) {
        out[at] = (byte) (pid >>> 8);
        out[at + 1] = (byte) pid;
        out[at + 2] = (byte) (blp >>> 8);
        out[at + 3] = (byte) blp;
    }
}
