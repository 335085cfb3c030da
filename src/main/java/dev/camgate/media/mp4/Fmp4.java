package dev.camgate.media.mp4;

import static dev.camgate.media.mp4.Boxes.*;

import java.util.Arrays;
import java.util.List;

/**
 * Writes fragmented MP4 (ISO/IEC 14496-12 with the AVC file format of 14496-15) for one H.264 track and, when the
 * camera sends it, one Opus track, as Chromium's
 * Media Source Extensions and ffmpeg read it: a segment file is {@link #init} followed by fragments, each a
 * {@link #fragmentHeader} and the samples' bytes. Stateless and thread-safe; each call allocates only the
 * returned array (and, for {@link #annexBToAvcc}, the converted access unit). Called from a disk thread, never from
 * an event loop.
 */
public final class Fmp4 {
    private static final int AUD = 9;
    private static final int SPS = 7;
    private static final int PPS = 8;
    private static final int IDR = 5;

    private Fmp4() {
    }

    /** ftyp + moov (mvhd, trak with avc1/avcC from sps/pps and empty sample tables, mvex/trex), for a fragmented file. */
    public static byte[] init(VideoTrack track) {
        return init(track, null);
    }

    /**
     * As {@link #init(VideoTrack)}, with a second track (id 2) for Opus audio when {@code audio} is not null; its
     * fragments then carry the audio too ({@link #fragmentHeader(int, long, List, long, List)}).
     */
    public static byte[] init(VideoTrack track, OpusTrack audio) {
        BoxWriter w = new BoxWriter(1200 + track.sps().length + track.pps().length);
        ftyp(w, "iso5", "iso5", "iso6", "avc1", "mp41");
        int moov = w.open(MOOV);
        mvhd(w, track.timescale(), 0, audio == null ? 1 : 2);
        int trak = w.open(TRAK);
        tkhd(w, track, 0);
        int mdia = w.open(MDIA);
        mdhd(w, track.timescale(), 0);
        hdlr(w);
        int minf = w.open(MINF);
        minfHead(w);
        int stbl = w.open(STBL);
        stsd(w, track);
        emptyTables(w);
        w.close(stbl);
        w.close(minf);
        w.close(mdia);
        w.close(trak);
        if (audio != null) {
            trak = w.open(TRAK);
            tkhdAudio(w, 0);
            mdia = w.open(MDIA);
            mdhd(w, OpusTrack.TIMESCALE, 0);
            hdlr(w, SOUN, "SoundHandler");
            minf = w.open(MINF);
            minfHead(w, true);
            stbl = w.open(STBL);
            stsd(w, audio);
            emptyTables(w);
            w.close(stbl);
            w.close(minf);
            w.close(mdia);
            w.close(trak);
        }
        int mvex = w.open(MVEX);
        trex(w, TRACK_ID);
        if (audio != null) {
            trex(w, AUDIO_TRACK_ID);
        }
        w.close(mvex);
        w.close(moov);
        return w.toByteArray();
    }

    private static void emptyTables(BoxWriter w) {
        for (int type : new int[] {STTS, STSC, STCO}) {
            int at = w.openFull(type, 0, 0);
            w.u32(0);
            w.close(at);
        }
        int stsz = w.openFull(STSZ, 0, 0);
        w.u32(0);
        w.u32(0);
        w.close(stsz);
    }

    private static void trex(BoxWriter w, int trackId) {
        int trex = w.openFull(TREX, 0, 0);
        w.u32(trackId);
        w.u32(1); // default_sample_description_index
        w.zeros(12); // default duration, size, flags: every fragment says its own
        w.close(trex);
    }

    /**
     * moof (mfhd with {@code sequence}; traf: tfhd with default-base-is-moof, tfdt version 1, trun with data-offset
     * and per-sample duration, size and flags, sync or not) followed by the mdat header only: the caller writes the
     * samples' bytes after it, in order. An mdat whose body would exceed 4 GiB gets a 64-bit size.
     *
     * @param sequence       the fragment's sequence number, 1 for the first of a segment and counting up
     * @param baseDecodeTime the first sample's decode time in track timescale units
     */
    public static byte[] fragmentHeader(int sequence, long baseDecodeTime, List<Sample> samples) {
        return fragmentHeader(sequence, baseDecodeTime, samples, 0, List.of());
    }

    /**
     * As {@link #fragmentHeader(int, long, List)}, with a second traf for the audio track (id 2) when {@code audio}
     * is not empty: its trun gives each sample's duration and size (every Opus packet is a sync sample), and its
     * bytes follow the video samples' in the same mdat. The caller writes the video samples, then the audio ones.
     *
     * @param audioBaseDecodeTime the first audio sample's decode time, at 48 kHz
     */
    public static byte[] fragmentHeader(int sequence, long baseDecodeTime, List<Sample> samples,
                                        long audioBaseDecodeTime, List<Sample> audio) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a fragment needs at least one sample");
        }
        if (baseDecodeTime < 0 || audioBaseDecodeTime < 0) {
            throw new IllegalArgumentException("decode time " + baseDecodeTime + ", audio " + audioBaseDecodeTime);
        }
        int n = samples.size();
        int a = audio.size();
        long videoBody = 0;
        for (int i = 0; i < n; i++) {
            videoBody += samples.get(i).length();
        }
        long body = videoBody;
        for (int i = 0; i < a; i++) {
            body += audio.get(i).length();
        }
        int mdatHeader = body + 8 > 0xFFFFFFFFL ? 16 : 8;
        int moofSize = 8 + 16 + 8 + 16 + 20 + 20 + 12 * n + (a == 0 ? 0 : 8 + 16 + 20 + 20 + 8 * a);
        BoxWriter w = new BoxWriter(moofSize + mdatHeader);
        int moof = w.open(MOOF);
        int mfhd = w.openFull(MFHD, 0, 0);
        w.u32(sequence & 0xFFFFFFFFL);
        w.close(mfhd);
        int traf = trafHead(w, TRACK_ID, baseDecodeTime);
        // data-offset, sample duration, size and flags present
        int trun = w.openFull(TRUN, 0, 0x000001 | 0x000100 | 0x000200 | 0x000400);
        w.u32(n);
        w.u32(moofSize + mdatHeader);
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            w.u32(s.duration());
            w.u32(s.length());
            w.u32(s.sync() ? FLAGS_SYNC : FLAGS_NON_SYNC);
        }
        w.close(trun);
        w.close(traf);
        if (a > 0) {
            if (moofSize + mdatHeader + videoBody > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a fragment's video of " + videoBody + " bytes leaves no data offset for its audio");
            }
            traf = trafHead(w, AUDIO_TRACK_ID, audioBaseDecodeTime);
            trun = w.openFull(TRUN, 0, 0x000001 | 0x000100 | 0x000200); // no flags: every sample is sync
            w.u32(a);
            w.u32(moofSize + mdatHeader + videoBody);
            for (int i = 0; i < a; i++) {
                Sample s = audio.get(i);
                w.u32(s.duration());
                w.u32(s.length());
            }
            w.close(trun);
            w.close(traf);
        }
        w.close(moof);
        if (mdatHeader == 8) {
            w.u32(8 + body);
            w.u32(MDAT);
        } else {
            w.u32(1);
            w.u32(MDAT);
            w.u64(16 + body);
        }
        return w.toByteArray();
    }

    /** traf, tfhd (default-base-is-moof) and tfdt version 1; the caller adds the trun and closes the traf. */
    private static int trafHead(BoxWriter w, int trackId, long baseDecodeTime) {
        int traf = w.open(TRAF);
        int tfhd = w.openFull(TFHD, 0, 0x020000);
        w.u32(trackId);
        w.close(tfhd);
        int tfdt = w.openFull(TFDT, 1, 0);
        w.u64(baseDecodeTime);
        w.close(tfdt);
        return traf;
    }

    /**
     * Converts one access unit in Annex-B form (NAL units after start codes 00 00 01 or 00 00 00 01) to AVCC (each
     * NAL unit after its 4-byte length), dropping access unit delimiters (type 9) and the zero bytes a byte stream
     * may put around start codes. Also returns the last SPS (7) and PPS (8) found and whether an IDR slice (5) is
     * there. Throws {@link Mp4Exception} when the bytes do not start with a start code (after optional zero bytes),
     * a NAL unit is empty or has forbidden_zero_bit set, or nothing but delimiters is left. Two passes over the
     * input, one output array of exactly the converted size.
     */
    public static Avcc annexBToAvcc(byte[] annexB, int off, int len) throws Mp4Exception {
        if (annexB == null || off < 0 || len < 0 || off > annexB.length - len) {
            throw new Mp4Exception("Annex-B range off=" + off + " len=" + len + " outside the buffer");
        }
        int end = off + len;
        int first = nextStart(annexB, off, end);
        if (first < 0) {
            throw new Mp4Exception("Annex-B access unit of " + len + " bytes has no start code");
        }
        for (int i = off; i < first - 3; i++) {
            if (annexB[i] != 0) {
                throw new Mp4Exception("Annex-B access unit has " + (first - 3 - off) + " bytes before its first start code");
            }
        }
        int outLen = 0;
        int count = 0;
        for (int at = first; at >= 0; ) {
            int next = nextStart(annexB, at, end);
            int nalEnd = nalEnd(annexB, at, next < 0 ? end : next - 3);
            if (nalEnd == at) {
                throw new Mp4Exception("empty NAL unit at byte " + (at - off) + " of the access unit");
            }
            int header = annexB[at] & 0xFF;
            if ((header & 0x80) != 0) {
                throw new Mp4Exception("NAL unit at byte " + (at - off) + " has forbidden_zero_bit set (header 0x"
                        + Integer.toHexString(header) + ")");
            }
            if ((header & 0x1F) != AUD) {
                outLen += 4 + nalEnd - at;
                count++;
            }
            at = next;
        }
        if (count == 0) {
            throw new Mp4Exception("access unit holds only delimiters");
        }
        byte[] out = new byte[outLen];
        byte[] sps = null;
        byte[] pps = null;
        boolean idr = false;
        int w = 0;
        for (int at = first; at >= 0; ) {
            int next = nextStart(annexB, at, end);
            int nalEnd = nalEnd(annexB, at, next < 0 ? end : next - 3);
            int type = annexB[at] & 0x1F;
            if (type != AUD) {
                int n = nalEnd - at;
                out[w] = (byte) (n >>> 24);
                out[w + 1] = (byte) (n >>> 16);
                out[w + 2] = (byte) (n >>> 8);
                out[w + 3] = (byte) n;
                System.arraycopy(annexB, at, out, w + 4, n);
                w += 4 + n;
                if (type == SPS) {
                    sps = Arrays.copyOfRange(annexB, at, nalEnd);
                } else if (type == PPS) {
                    pps = Arrays.copyOfRange(annexB, at, nalEnd);
                } else if (type == IDR) {
                    idr = true;
                }
            }
            at = next;
        }
        return new Avcc(out, sps, pps, idr);
    }

    /** The index just past the next 00 00 01 at or after {@code from}, or -1. */
    private static int nextStart(byte[] b, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if ((b[i + 2] & 0xFF) > 1) {
                i += 2; // no start code can end at i + 1 or i + 2 either
            } else if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    /** A NAL unit ends before the zero bytes in front of the next start code (trailing_zero_8bits, §B.1). */
    private static int nalEnd(byte[] b, int start, int end) {
        while (end > start && b[end - 1] == 0) {
            end--;
        }
        return end;
    }
}
