package dev.camgate.media.mp4;

import static dev.camgate.media.mp4.BoxWriter.fourcc;

/** Box types and the boxes both the fragmented init and a progressive clip write the same way. */
final class Boxes {
    static final int FTYP = fourcc("ftyp");
    static final int MOOV = fourcc("moov");
    static final int MVHD = fourcc("mvhd");
    static final int TRAK = fourcc("trak");
    static final int TKHD = fourcc("tkhd");
    static final int MDIA = fourcc("mdia");
    static final int MDHD = fourcc("mdhd");
    static final int HDLR = fourcc("hdlr");
    static final int MINF = fourcc("minf");
    static final int VMHD = fourcc("vmhd");
    static final int DINF = fourcc("dinf");
    static final int DREF = fourcc("dref");
    static final int URL = fourcc("url ");
    static final int STBL = fourcc("stbl");
    static final int STSD = fourcc("stsd");
    static final int AVC1 = fourcc("avc1");
    static final int AVC3 = fourcc("avc3");
    static final int AVCC = fourcc("avcC");
    static final int STTS = fourcc("stts");
    static final int STSS = fourcc("stss");
    static final int STSC = fourcc("stsc");
    static final int STSZ = fourcc("stsz");
    static final int STCO = fourcc("stco");
    static final int CO64 = fourcc("co64");
    static final int MVEX = fourcc("mvex");
    static final int TREX = fourcc("trex");
    static final int MOOF = fourcc("moof");
    static final int MFHD = fourcc("mfhd");
    static final int TRAF = fourcc("traf");
    static final int TFHD = fourcc("tfhd");
    static final int TFDT = fourcc("tfdt");
    static final int TRUN = fourcc("trun");
    static final int MDAT = fourcc("mdat");
    static final int VIDE = fourcc("vide");
    static final int SOUN = fourcc("soun");
    static final int SMHD = fourcc("smhd");
    static final int OPUS = fourcc("Opus");
    static final int DOPS = fourcc("dOps");

    static final int TRACK_ID = 1;
    static final int AUDIO_TRACK_ID = 2;
    /** sample_flags: sample_depends_on = 2 (an I picture), a sync sample. */
    static final int FLAGS_SYNC = 0x02000000;
    /** sample_flags: sample_depends_on = 1, sample_is_non_sync_sample. */
    static final int FLAGS_NON_SYNC = 0x01010000;

    private Boxes() {
    }

    static void ftyp(BoxWriter w, String major, String... compatible) {
        int at = w.open(FTYP);
        w.u32(fourcc(major));
        w.u32(0x200);
        for (String c : compatible) {
            w.u32(fourcc(c));
        }
        w.close(at);
    }

    /** Version 1 (64-bit times) only when the duration needs it; {@code tracks} is 1 (video) or 2 (and audio). */
    static void mvhd(BoxWriter w, int timescale, long duration, int tracks) {
        boolean wide = duration > 0xFFFFFFFFL;
        int at = w.openFull(MVHD, wide ? 1 : 0, 0);
        times(w, wide);
        w.u32(timescale);
        time(w, wide, duration);
        w.u32(0x00010000); // rate 1.0
        w.u16(0x0100); // volume 1.0
        w.zeros(10);
        w.matrix();
        w.zeros(24);
        w.u32(tracks + 1); // next_track_ID
        w.close(at);
    }

    /** Flags 3: enabled and in the movie. */
    static void tkhd(BoxWriter w, VideoTrack track, long duration) {
        tkhd(w, TRACK_ID, duration, 0, 0, track.width(), track.height());
    }

    /** The audio track's tkhd: volume 1.0, no picture size; {@code duration} in the movie's timescale. */
    static void tkhdAudio(BoxWriter w, long duration) {
        // alternate_group 1: the audio tracks' group, as other muxers write it
        tkhd(w, AUDIO_TRACK_ID, duration, 1, 0x0100, 0, 0);
    }

    private static void tkhd(BoxWriter w, int trackId, long duration, int alternateGroup, int volume, int width, int height) {
        boolean wide = duration > 0xFFFFFFFFL;
        int at = w.openFull(TKHD, wide ? 1 : 0, 3);
        times(w, wide);
        w.u32(trackId);
        w.u32(0);
        time(w, wide, duration);
        w.zeros(8);
        w.u16(0); // layer
        w.u16(alternateGroup);
        w.u16(volume); // 8.8 fixed point: 0 for video
        w.u16(0);
        w.matrix();
        w.u32((long) width << 16);
        w.u32((long) height << 16);
        w.close(at);
    }

    static void mdhd(BoxWriter w, int timescale, long duration) {
        boolean wide = duration > 0xFFFFFFFFL;
        int at = w.openFull(MDHD, wide ? 1 : 0, 0);
        times(w, wide);
        w.u32(timescale);
        time(w, wide, duration);
        w.u16(0x55C4); // language "und" in packed ISO-639-2/T
        w.u16(0);
        w.close(at);
    }

    static void hdlr(BoxWriter w) {
        hdlr(w, VIDE, "VideoHandler");
    }

    static void hdlr(BoxWriter w, int type, String name) {
        int at = w.openFull(HDLR, 0, 0);
        w.u32(0);
        w.u32(type);
        w.zeros(12);
        for (char c : name.toCharArray()) {
            w.u8(c);
        }
        w.u8(0);
        w.close(at);
    }

    /** vmhd and dinf: the parts of minf before the stbl. */
    static void minfHead(BoxWriter w) {
        minfHead(w, false);
    }

    /** vmhd (or smhd for audio) and dinf: the parts of minf before the stbl. */
    static void minfHead(BoxWriter w, boolean audio) {
        if (audio) {
            int smhd = w.openFull(SMHD, 0, 0);
            w.zeros(4); // balance, reserved
            w.close(smhd);
        } else {
            int vmhd = w.openFull(VMHD, 0, 1);
            w.zeros(8); // graphicsmode, opcolor
            w.close(vmhd);
        }
        int dinf = w.open(DINF);
        int dref = w.openFull(DREF, 0, 0);
        w.u32(1);
        int url = w.openFull(URL, 0, 1); // flag 1: the media is in this file
        w.close(url);
        w.close(dref);
        w.close(dinf);
    }

    /** stsd with one avc1 entry and its avcC (ISO/IEC 14496-15 §5.3.3). */
    static void stsd(BoxWriter w, VideoTrack track) {
        int stsd = w.openFull(STSD, 0, 0);
        w.u32(1);
        int avc1 = w.open(AVC1);
        w.zeros(6);
        w.u16(1); // data_reference_index
        w.zeros(16);
        w.u16(track.width());
        w.u16(track.height());
        w.u32(0x00480000); // 72 dpi
        w.u32(0x00480000);
        w.u32(0);
        w.u16(1); // frame_count
        w.zeros(32); // compressorname
        w.u16(0x0018); // depth
        w.u16(0xFFFF); // pre_defined = -1
        int avcc = w.open(AVCC);
        byte[] sps = track.sps();
        byte[] pps = track.pps();
        w.u8(1);
        w.u8(sps[1]);
        w.u8(sps[2]);
        w.u8(sps[3]);
        w.u8(0xFF); // 6 reserved bits, lengthSizeMinusOne = 3
        w.u8(0xE1); // 3 reserved bits, one SPS
        w.u16(sps.length);
        w.bytes(sps);
        w.u8(1);
        w.u16(pps.length);
        w.bytes(pps);
        w.close(avcc);
        w.close(avc1);
        w.close(stsd);
    }

    /** stsd with one 'Opus' AudioSampleEntry and its 'dOps' (Opus in ISOBMFF §4.3), channel mapping family 0. */
    static void stsd(BoxWriter w, OpusTrack track) {
        int stsd = w.openFull(STSD, 0, 0);
        w.u32(1);
        int opus = w.open(OPUS);
        w.zeros(6);
        w.u16(1); // data_reference_index
        w.zeros(8); // reserved
        w.u16(track.channels());
        w.u16(16); // samplesize
        w.zeros(4); // pre_defined, reserved
        w.u32((long) OpusTrack.TIMESCALE << 16);
        int dops = w.open(DOPS);
        w.u8(0); // Version
        w.u8(track.channels()); // OutputChannelCount
        w.u16(track.preSkip());
        w.u32(OpusTrack.TIMESCALE); // InputSampleRate: what the encoder took in, for information only
        w.u16(0); // OutputGain
        w.u8(0); // ChannelMappingFamily
        w.close(dops);
        w.close(opus);
        w.close(stsd);
    }

    private static void times(BoxWriter w, boolean wide) {
        // Creation and modification time 0: a recording's wall clock lives in camgate's index, not here.
        w.zeros(wide ? 16 : 8);
    }

    private static void time(BoxWriter w, boolean wide, long v) {
        if (wide) {
            w.u64(v);
        } else {
            w.u32(v);
        }
    }
}
