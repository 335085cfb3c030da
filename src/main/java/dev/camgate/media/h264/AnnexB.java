package dev.camgate.media.h264;

import dev.camgate.media.rtp.H264;
import dev.camgate.media.rtp.RtpPacket;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the H.264 RTP payloads of one picture (RFC 6184: single NAL units, STAP-A, FU-A; what WebRTC sends)
 * into an Annex-B byte stream, each NAL unit after a 00 00 00 01 start code, as decoders read it. The bytes
 * are a camera's, so every size is checked against what is there, and the output never grows past the limit
 * given: a hostile payload costs at most that much memory and time linear in its length.
 *
 * <p>Payloads are added in sequence order; an FU-A must run from its start fragment to its end fragment with
 * nothing in between. A payload of no bytes (an RTP packet of padding only) carries nothing and is skipped.
 * Not thread-safe; one per picture.
 */
public final class AnnexB {
    /** Enough for any keyframe a home camera sends (a 4K IDR at a high bitrate is well under 2 MiB). */
    public static final int DEFAULT_LIMIT = 4 << 20;
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final int limit;
    private byte[] out;
    private int size;
    private int nalUnits;
    private boolean inFragment;
    private int payloads;

    /** @param limit the most bytes the stream may take, start codes included */
    public AnnexB(int limit) {
        if (limit < START_CODE.length + 1) {
            throw new IllegalArgumentException("limit too small: " + limit);
        }
        this.limit = limit;
        this.out = new byte[Math.min(16 * 1024, limit)];
    }

    /** The whole stream of some RTP packets (their headers skipped), in the order given. */
    public static byte[] of(List<byte[]> rtpPackets, int limit) throws DepacketizeException {
        AnnexB stream = new AnnexB(limit);
        for (byte[] p : rtpPackets) {
            stream.addPacket(p, 0, p.length);
        }
        return stream.toByteArray();
    }

    /** Adds the payload of one RTP packet. */
    public void addPacket(byte[] buf, int off, int len) throws DepacketizeException {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len || !RtpPacket.isValid(buf, off, len)) {
            throw new DepacketizeException("payload " + payloads + ": not an RTP packet");
        }
        addPayload(buf, off + RtpPacket.payloadOffset(buf, off, len), RtpPacket.payloadLength(buf, off, len));
    }

    /** Adds one RTP payload: a single NAL unit, an aggregation (STAP-A) or a fragment (FU-A). */
    public void addPayload(byte[] buf, int off, int len) throws DepacketizeException {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new DepacketizeException("payload " + payloads + ": range " + off + "+" + len + " outside the buffer");
        }
        int index = payloads++;
        if (len == 0) {
            return;
        }
        int header = buf[off] & 0xFF;
        if ((header & 0x80) != 0) {
            throw new DepacketizeException("payload " + index + ": forbidden_zero_bit set");
        }
        int type = header & 0x1F;
        if (type == H264.FU_A) {
            fragment(buf, off, len, index);
            return;
        }
        if (inFragment) {
            throw new DepacketizeException("payload " + index + ": NAL type " + type + " inside an unfinished FU-A");
        }
        if (type >= 1 && type <= 23) {
            nalUnit(buf, off, len);
        } else if (type == H264.STAP_A) {
            aggregate(buf, off, len, index);
        } else {
            throw new DepacketizeException("payload " + index + ": packet type " + type
                    + (type == 0 || type >= 30 ? " is reserved" : " is not used by WebRTC (only single NAL units, STAP-A and FU-A)"));
        }
    }

    /** NAL units written so far (a fragmented one counts from its first fragment). */
    public int nalUnits() {
        return nalUnits;
    }

    /** The stream so far, as a new array. Refuses an empty stream and one that ends inside an FU-A. */
    public byte[] toByteArray() throws DepacketizeException {
        if (inFragment) {
            throw new DepacketizeException("the stream ends inside an FU-A (its end fragment never came)");
        }
        if (nalUnits == 0) {
            throw new DepacketizeException("no NAL units in " + payloads + " payloads");
        }
        return Arrays.copyOf(out, size);
    }

    private void aggregate(byte[] buf, int off, int len, int index) throws DepacketizeException {
        int at = off + 1;
        int end = off + len;
        if (at == end) {
            throw new DepacketizeException("payload " + index + ": STAP-A with no NAL units");
        }
        while (at < end) {
            if (end - at < 2) {
                throw new DepacketizeException("payload " + index + ": STAP-A ends inside a NAL unit size");
            }
            int n = (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF;
            at += 2;
            if (n == 0) {
                throw new DepacketizeException("payload " + index + ": STAP-A NAL unit of size 0");
            }
            if (n > end - at) {
                throw new DepacketizeException("payload " + index + ": STAP-A NAL unit of size " + n + " but " + (end - at) + " bytes left");
            }
            int inner = buf[at] & 0xFF;
            int innerType = inner & 0x1F;
            if ((inner & 0x80) != 0 || innerType < 1 || innerType > 23) {
                throw new DepacketizeException("payload " + index + ": STAP-A holds NAL type " + innerType
                        + ((inner & 0x80) != 0 ? " with forbidden_zero_bit set" : ", which is no NAL unit"));
            }
            nalUnit(buf, at, n);
            at += n;
        }
    }

    private void fragment(byte[] buf, int off, int len, int index) throws DepacketizeException {
        if (len < 2) {
            throw new DepacketizeException("payload " + index + ": FU-A without its FU header");
        }
        int fu = buf[off + 1] & 0xFF;
        boolean start = (fu & 0x80) != 0;
        boolean end = (fu & 0x40) != 0;
        int type = fu & 0x1F;
        if (start && end) {
            throw new DepacketizeException("payload " + index + ": FU-A with both start and end bits (a whole NAL unit in one fragment)");
        }
        if (type < 1 || type > 23) {
            throw new DepacketizeException("payload " + index + ": FU-A of NAL type " + type + ", which is no NAL unit");
        }
        if (start) {
            if (inFragment) {
                throw new DepacketizeException("payload " + index + ": FU-A start inside an unfinished FU-A");
            }
            // The NAL header is not sent: F and NRI come from the FU indicator, the type from the FU header.
            ensure(START_CODE.length + 1 + len - 2, index);
            write(START_CODE, 0, START_CODE.length);
            out[size++] = (byte) (buf[off] & 0xE0 | type);
            nalUnits++;
            inFragment = true;
        } else if (!inFragment) {
            throw new DepacketizeException("payload " + index + ": FU-A " + (end ? "end" : "middle") + " fragment without its start");
        }
        ensure(len - 2, index);
        write(buf, off + 2, len - 2);
        if (end) {
            inFragment = false;
        }
    }

    private void nalUnit(byte[] buf, int off, int len) throws DepacketizeException {
        ensure(START_CODE.length + len, payloads - 1);
        write(START_CODE, 0, START_CODE.length);
        write(buf, off, len);
        nalUnits++;
    }

    private void ensure(int more, int index) throws DepacketizeException {
        if (more > limit - size) {
            throw new DepacketizeException("payload " + index + ": the picture passes " + limit + " bytes");
        }
        if (size + more > out.length) {
            out = Arrays.copyOf(out, (int) Math.min(limit, Math.max((long) out.length * 2, (long) size + more)));
        }
    }

    private void write(byte[] src, int off, int len) {
        System.arraycopy(src, off, out, size, len);
        size += len;
    }
}
