package dev.camgate.media.rtp;

/**
 * Facts about an Opus packet (RFC 6716 §3.1; its RTP payload is the packet itself, RFC 7587 §4.2): how much audio
 * it holds, from its TOC byte. Static, allocation-free, never throws for any range inside the buffer.
 */
public final class Opus {
    /** The clock of Opus timestamps and durations: always 48 kHz (RFC 7587 §4.1). */
    public static final int CLOCK = 48_000;
    /** 20 ms of silence in the smallest packet there is (CELT fullband, mono, one frame of no energy). */
    private static final byte[] SILENCE = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};
    /** A packet holds at most 120 ms (§3.2.5). */
    private static final int MAX_SAMPLES = 5760;
    /** Frame length in 48 kHz samples for each of the 32 TOC configurations (Table 2). */
    private static final short[] FRAME = new short[32];

    static {
        int[] silk = {480, 960, 1920, 2880};
        int[] celt = {120, 240, 480, 960};
        for (int c = 0; c < 12; c++) {
            FRAME[c] = (short) silk[c & 3];
        }
        for (int c = 12; c < 16; c++) {
            FRAME[c] = (short) (c % 2 == 0 ? 480 : 960);
        }
        for (int c = 16; c < 32; c++) {
            FRAME[c] = (short) celt[c & 3];
        }
    }

    private Opus() {
    }

    /**
     * The packet's length in 48 kHz samples, or -1 when it is not an Opus packet a decoder takes: empty, a code 3
     * packet without its frame count byte or with no frames, or more than 120 ms.
     */
    public static int samples(byte[] buf, int off, int len) {
        if (!H264.inside(buf, off, len) || len < 1) {
            return -1;
        }
        int toc = buf[off] & 0xFF;
        int frame = FRAME[toc >>> 3];
        int frames = switch (toc & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> len < 2 ? 0 : buf[off + 1] & 0x3F;
        };
        int total = frame * frames;
        return total == 0 || total > MAX_SAMPLES ? -1 : total;
    }

    /** A copy of a 20 ms silent packet: what fills a recording where the camera's audio has a hole. */
    public static byte[] silence() {
        return SILENCE.clone();
    }

    /** The length of {@link #silence()}, in 48 kHz samples. */
    public static int silenceSamples() {
        return 960;
    }
}
