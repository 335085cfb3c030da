package dev.camgate.recording;

import dev.camgate.media.mp4.TestStreams;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Access units sent as WebRTC sends them (RFC 6184 mode 1): small NAL units whole, larger ones in FU-As of 1100 bytes. */
final class RtpPictures {
    static final int MTU_PAYLOAD = 1100;

    private int sequence;
    private final long ssrc = 0x1234_5678L;

    RtpPictures(int firstSequence) {
        this.sequence = firstSequence;
    }

    /** The RTP packets of one access unit, the last with the marker bit. */
    List<byte[]> packets(byte[] accessUnit, long timestamp) {
        List<byte[]> payloads = new ArrayList<>();
        for (byte[] nal : TestStreams.nalUnits(accessUnit)) {
            if (nal.length <= MTU_PAYLOAD) {
                payloads.add(nal);
                continue;
            }
            byte header = nal[0];
            for (int off = 1; off < nal.length; off += MTU_PAYLOAD) {
                int n = Math.min(MTU_PAYLOAD, nal.length - off);
                byte[] p = new byte[n + 2];
                p[0] = (byte) ((header & 0xE0) | 28);
                p[1] = (byte) ((header & 0x1F) | (off == 1 ? 0x80 : 0) | (off + n == nal.length ? 0x40 : 0));
                System.arraycopy(nal, off, p, 2, n);
                payloads.add(p);
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            out.add(packet(payloads.get(i), timestamp, i == payloads.size() - 1));
        }
        return out;
    }

    private byte[] packet(byte[] payload, long timestamp, boolean marker) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | 96);
        p[2] = (byte) (sequence >>> 8);
        p[3] = (byte) sequence;
        sequence = (sequence + 1) & 0xFFFF;
        p[4] = (byte) (timestamp >>> 24);
        p[5] = (byte) (timestamp >>> 16);
        p[6] = (byte) (timestamp >>> 8);
        p[7] = (byte) timestamp;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    /** The picture as the assembler hands it to the recording thread. */
    Work.Frame frame(byte[] accessUnit, long timestamp, long wallMillis) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : packets(accessUnit, timestamp)) {
            b.write(p.length >>> 8);
            b.write(p.length & 0xFF);
            b.writeBytes(p);
        }
        byte[] bytes = b.toByteArray();
        return new Work.Frame(bytes, bytes.length, timestamp, wallMillis, TestStreams.isIdr(accessUnit));
    }
}
