package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.rtp.RtpPacket;
import dev.camgate.media.sfu.Egress;
import dev.camgate.media.sfu.EgressConfig;
import dev.camgate.media.sfu.Feed;
import dev.camgate.media.sfu.FeedConfig;
import dev.camgate.media.sfu.FeedControl;
import dev.camgate.media.sfu.ViewerSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A camera's packets (well-formed ones with chosen sequence jumps, and raw bytes) and viewers' feedback into a
 * {@link Feed}, driven by a small program in the input (see {@link #conversation}). No exception may escape;
 * every packet a viewer gets is valid RTP with the viewer's SSRC and payload type and no extension or CSRC;
 * a viewer sequence number always carries the same packet (a NACK answer is the packet first sent under that
 * number, never another one); NACK counts add up. Seeds: FeedFuzzTestInputs/conversation/.
 */
class FeedFuzzTest {
    static final int MAX_VIEWERS = 6;

    /** A viewer queue that checks what it is given. */
    static final class CheckingSink implements ViewerSink {
        final long ssrc;
        final int pt;
        final Map<Integer, byte[]> bySeq = new HashMap<>();
        boolean full;

        CheckingSink(long ssrc, int pt) {
            this.ssrc = ssrc;
            this.pt = pt;
        }

        @Override
        public boolean offer(byte[] buf, int off, int len) {
            assertTrue(len <= 1500 && len >= RtpPacket.FIXED_HEADER, "length " + len);
            assertTrue(RtpPacket.isValid(buf, off, len), "a viewer gets valid RTP");
            assertEquals(RtpPacket.FIXED_HEADER, RtpPacket.headerLength(buf, off, len), "no extension, no CSRCs");
            assertEquals(ssrc, RtpPacket.ssrc(buf, off));
            assertEquals(pt, RtpPacket.payloadType(buf, off));
            if (full) {
                return false;
            }
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            if (bySeq.size() > 30_000) {
                bySeq.clear(); // viewer numbers come round again after 65536
            }
            byte[] before = bySeq.putIfAbsent(RtpPacket.sequence(buf, off), copy);
            if (before != null) {
                assertArrayEquals(before, copy, "viewer sequence number " + RtpPacket.sequence(buf, off) + " reused");
            }
            return true;
        }
    }

    static final class Control implements FeedControl {
        @Override
        public void nack(int[] seqs, int count) {
            assertTrue(count > 0 && count <= seqs.length);
            for (int i = 0; i < count; i++) {
                assertTrue(seqs[i] >= 0 && seqs[i] <= 0xFFFF);
            }
        }

        @Override
        public void requestKeyframe() {
        }
    }

    /**
     * The input is a program, one operation a byte (its low 3 bits), each reading a few argument bytes
     * (missing ones read as 0): 0 camera packet (flags, sequence step, size), 1 raw packet (length, bytes),
     * 2 a viewer joins, 3 one leaves, 4 a viewer NACK (viewer, pid, blp), 5 a PLI, 6 time passes, 7 a viewer's
     * queue fills or empties, or the camera restarts.
     */
    @FuzzTest(maxDuration = "5m")
    void conversation(byte[] input) {
        Program in = new Program(input);
        boolean video = in.u8() % 4 != 0;
        FeedConfig config = video ? new FeedConfig(true, 64, 90_000, true) : new FeedConfig(false, 16, 48_000, false);
        Feed feed = new Feed(config, new Control(), (buf, off, len) -> (buf[off] & 0x1F) == 5);
        List<Egress> egresses = new ArrayList<>();
        List<CheckingSink> sinks = new ArrayList<>();
        long now = 0;
        long ssrc = 0x1000;
        int seq = 65_000;
        long ts = 4_294_000_000L;
        byte[] packet = new byte[2048];
        while (in.more()) {
            switch (in.u8() & 7) {
                case 0 -> {
                    int flags = in.u8();
                    seq = (seq + (byte) in.u8()) & 0xFFFF;
                    int size = 12 + in.u8() * 6;
                    if ((flags & 4) != 0) {
                        ts = (ts + 3000) & 0xFFFF_FFFFL;
                    }
                    Arrays.fill(packet, 0, size, (byte) seq);
                    packet[0] = (byte) 0x80;
                    packet[1] = (byte) (((flags & 1) != 0 ? 0x80 : 0) | 102);
                    RtpPacket.setSequence(packet, 0, seq);
                    RtpPacket.setTimestamp(packet, 0, ts);
                    RtpPacket.setSsrc(packet, 0, ssrc);
                    if (size > 12) {
                        packet[12] = (byte) ((flags & 2) != 0 ? 0x65 : 0x41);
                    }
                    feed.onPacket(packet, 0, size, now);
                }
                case 1 -> {
                    int len = in.u8() * 7;
                    int off = in.u8() & 3;
                    for (int i = 0; i < len; i++) {
                        packet[off + i] = (byte) in.u8();
                    }
                    feed.onPacket(packet, off, len, now);
                }
                case 2 -> {
                    long viewerSsrc = 0xA000 + sinks.size();
                    int pt = in.u8() & 0x7F;
                    boolean full = (in.u8() & 1) != 0;
                    int firstSeq = in.u16();
                    long firstTs = in.u16() * 65_537L;
                    if (pt >= 64 && pt <= 95) {
                        assertThrows(IllegalArgumentException.class, () -> new EgressConfig(viewerSsrc, pt, firstSeq, firstTs),
                                "a payload type that reads as RTCP is refused");
                    } else if (egresses.size() < MAX_VIEWERS) {
                        CheckingSink sink = new CheckingSink(viewerSsrc, pt);
                        sink.full = full;
                        sinks.add(sink);
                        egresses.add(feed.add(new EgressConfig(viewerSsrc, pt, firstSeq, firstTs), sink, now));
                    }
                }
                case 3 -> {
                    if (!egresses.isEmpty()) {
                        int i = in.u8() % egresses.size();
                        assertTrue(feed.remove(egresses.remove(i)));
                        sinks.remove(i);
                    }
                }
                case 4 -> {
                    if (!egresses.isEmpty()) {
                        egresses.get(in.u8() % egresses.size()).onNack(in.u16(), in.u16(), now);
                    }
                }
                case 5 -> {
                    if (!egresses.isEmpty()) {
                        egresses.get(in.u8() % egresses.size()).onPli(now);
                    }
                }
                case 6 -> {
                    now += in.u8() * 5_000_000L;
                    feed.poll(now);
                }
                default -> {
                    int arg = in.u8();
                    if (arg >= 0xF0) {
                        ssrc = 0x1000 + (arg & 0xF);
                        seq = in.u16();
                        ts = in.u16() * 70_001L;
                    } else if (!sinks.isEmpty()) {
                        CheckingSink s = sinks.get(arg % sinks.size());
                        s.full = !s.full;
                    }
                }
            }
        }
        var stats = feed.stats(now);
        assertTrue(stats.lost() >= 0 && stats.packets() >= 0 && stats.viewers() == egresses.size());
        for (Egress e : egresses) {
            var s = e.stats();
            assertEquals(s.nacksReceived(), s.nacksAnswered() + s.nackMisses(), "every NACKed number is answered or missed");
        }
    }

    /** Reads the input a byte at a time; past its end, zeros. */
    private static final class Program {
        private final byte[] bytes;
        private int at;

        Program(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean more() {
            return at < bytes.length;
        }

        int u8() {
            return at < bytes.length ? bytes[at++] & 0xFF : 0;
        }

        int u16() {
            return u8() << 8 | u8();
        }
    }
}
