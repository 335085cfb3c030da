package dev.camgate.recording;

import dev.camgate.media.mp4.TestStreams;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Access units sent as WebRTC sends them (RFC 6184 mode 1): small NAL units whole, larger ones in FU-As of 1100 bytes. */
final class RtpPictures {
    static final int MTU_PAYLOAD = dev.camgate.bench.RecordingStream.MTU_PAYLOAD;

    private int sequence;
    private final long ssrc = 0x1234_5678L;

    RtpPictures(int firstSequence) {
        this.sequence = firstSequence;
    }

    /** The RTP packets of one access unit, the last with the marker bit. */
    List<byte[]> packets(byte[] accessUnit, long timestamp) {
        List<byte[]> payloads = dev.camgate.bench.RecordingStream.payloads(TestStreams.nalUnits(accessUnit));
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
