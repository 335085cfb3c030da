package dev.camgate.media.mp4;

import static dev.camgate.media.mp4.BoxWriter.fourcc;
import static dev.camgate.media.mp4.BoxWriter.name;
import static dev.camgate.media.mp4.Boxes.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fragmented MP4 segment back from disk: for camgate's index, playback seeking, clips and crash repair.
 * Only box headers, the moov and each moof are read (each at most {@link #MAX_BOX} bytes); mdat bodies are skipped
 * by position. Positional reads only: the channel's position is left alone, so one channel may serve several
 * scans, and the file may grow while it is scanned (what lies past its size at the start is not looked at).
 * Stateless and thread-safe; blocking file I/O, so call it from a disk thread, never from an event loop.
 *
 * <p>What it accepts: ftyp first; free/skip/uuid boxes anywhere at the top level; a moov whose first video track
 * has an avc1 sample entry with a 4-byte-length avcC, optionally an audio track with an Opus sample entry and its
 * dOps (other tracks are not read), and an mvex; then moof+mdat pairs. Each moof holds a traf of the video track
 * and, after it, at most one of the Opus track, each giving, from tfhd defaults or trun fields, each sample's
 * duration and size; a sample without flags there counts as sync (trex defaults are not read). Every sample lies
 * inside the mdat right after its moof.
 */
public final class Mp4Scanner {
    /** The largest moov or moof read into memory. */
    public static final int MAX_BOX = 4 << 20;
    /** Bounds on what one scan collects: 72 hours of 1 s fragments, and 2.4 hours of 30 fps in one fragment. */
    static final int MAX_FRAGMENTS = 1 << 18;
    static final int MAX_SAMPLES = 1 << 18;
    private static final int MAX_FTYP = 4096;
    private static final int FREE = fourcc("free");
    private static final int SKIP = fourcc("skip");
    private static final int UUID = fourcc("uuid");
    private static final int EMPTY = 0;

    private Mp4Scanner() {
    }

    /**
     * Scans a segment. A file cut off inside a fragment (kill -9, power cut), or ending in zero bytes where a box
     * header should be, yields the complete fragments with {@code truncated} set and {@code validLength} at the end
     * of the last complete one. Throws {@link Mp4Exception} naming the box type and offset for anything else that is
     * not such a segment: a foreign or progressive MP4, a cut-off init, junk, inconsistent sizes.
     */
    public static SegmentScan scan(FileChannel file) throws IOException, Mp4Exception {
        long fileSize = file.size();
        ByteBuffer head = ByteBuffer.allocate(16);
        int n = readAt(file, 0, head, fileSize);
        if (n < 8) {
            throw new Mp4Exception("file of " + fileSize + " bytes is too short for an MP4");
        }
        long ftypSize = head.getInt(0) & 0xFFFFFFFFL;
        if (head.getInt(4) != FTYP) {
            throw new Mp4Exception("not an MP4: first box is " + name(head.getInt(4)) + " at offset 0, not 'ftyp'");
        }
        if (ftypSize < 16 || ftypSize > MAX_FTYP || ftypSize > fileSize) {
            throw new Mp4Exception("'ftyp' at offset 0 has size " + ftypSize + " in a file of " + fileSize + " bytes");
        }
        long pos = ftypSize;
        Moov moov = null;
        while (moov == null) {
            n = readAt(file, pos, head, fileSize);
            long size = headerSize(head, n, pos, fileSize);
            int type = head.getInt(4);
            if (size < 0 || pos + size > fileSize) {
                throw new Mp4Exception("the file ends (at " + fileSize + ") inside the init, before a complete 'moov'");
            }
            if (type == MOOV) {
                moov = readMoov(file, pos, size);
            } else if (type != FREE && type != SKIP && type != UUID) {
                throw new Mp4Exception("box " + name(type) + " at offset " + pos + " before the 'moov': not a fragmented"
                        + " MP4 segment");
            }
            pos += size;
        }
        long initLength = pos;
        List<Fragment> fragments = new ArrayList<>();
        Moof moof = new Moof();
        long validLength = pos;
        long nextDecode = 0;
        long nextAudio = 0;
        boolean truncated = false;
        while (pos < fileSize) {
            n = readAt(file, pos, head, fileSize);
            long size = headerSize(head, n, pos, fileSize);
            int type = head.getInt(4);
            if (size < 0 || pos + size > fileSize) {
                truncated = true;
                break;
            }
            if (type == FREE || type == SKIP || type == UUID) {
                pos += size;
                validLength = pos;
                continue;
            }
            if (type != MOOF) {
                throw new Mp4Exception("box " + name(type) + " at offset " + pos + " where a 'moof' should be");
            }
            if (fragments.size() == MAX_FRAGMENTS) {
                throw new Mp4Exception("more than " + MAX_FRAGMENTS + " fragments; 'moof' at offset " + pos);
            }
            readMoof(file, pos, size, moov, moof, null, null);
            long mdatAt = pos + size;
            n = readAt(file, mdatAt, head, fileSize);
            long mdatSize = headerSize(head, n, mdatAt, fileSize);
            if (mdatSize < 0 || mdatAt + mdatSize > fileSize) {
                truncated = true;
                break;
            }
            checkMdat(head, mdatAt, mdatSize, pos, moof);
            long decode = moof.video.baseDecodeTime >= 0 ? moof.video.baseDecodeTime : nextDecode;
            long audioDecode = moof.audio.baseDecodeTime >= 0 ? moof.audio.baseDecodeTime : nextAudio;
            fragments.add(new Fragment(pos, size + mdatSize, decode, moof.video.duration, moof.video.count,
                    moof.video.firstSync, moof.audio.count > 0 ? audioDecode : 0, moof.audio.duration, moof.audio.count));
            nextDecode = decode + moof.video.duration;
            nextAudio = audioDecode + moof.audio.duration;
            pos = mdatAt + mdatSize;
            validLength = pos;
        }
        return new SegmentScan(moov.track, moov.audio, initLength, fragments, validLength, truncated);
    }

    /**
     * The video samples of one fragment found by {@link #scan}: file offset, size, duration and sync flag of each,
     * read from its first traf's trun, and checked to lie inside its mdat. One list of {@code fragment.samples()}
     * records.
     */
    public static List<SampleRef> samples(FileChannel file, Fragment fragment) throws IOException, Mp4Exception {
        return samples(file, fragment, false);
    }

    /**
     * The audio samples of one fragment found by {@link #scan} (its second traf), as {@link #samples(FileChannel,
     * Fragment)} reads the video ones; empty when the fragment has no audio.
     */
    public static List<SampleRef> audioSamples(FileChannel file, Fragment fragment) throws IOException, Mp4Exception {
        return fragment.audioSamples() == 0 ? List.of() : samples(file, fragment, true);
    }

    private static List<SampleRef> samples(FileChannel file, Fragment fragment, boolean audio)
            throws IOException, Mp4Exception {
        long fileSize = file.size();
        long pos = fragment.offset();
        ByteBuffer head = ByteBuffer.allocate(16);
        if (pos < 0 || pos >= fileSize) {
            throw new Mp4Exception("no 'moof' at offset " + pos + " in a file of " + fileSize + " bytes");
        }
        int n = readAt(file, pos, head, fileSize);
        long size = headerSize(head, n, pos, fileSize);
        if (size < 0 || head.getInt(4) != MOOF || pos + size > fileSize) {
            throw new Mp4Exception("no complete 'moof' at offset " + pos + " (found " + name(head.getInt(4)) + ")");
        }
        Moof moof = new Moof();
        int expected = audio ? fragment.audioSamples() : fragment.samples();
        List<SampleRef> refs = new ArrayList<>(Math.min(Math.max(expected, 1), MAX_SAMPLES));
        readMoof(file, pos, size, null, moof, audio ? null : refs, audio ? refs : null);
        long mdatAt = pos + size;
        n = readAt(file, mdatAt, head, fileSize);
        long mdatSize = headerSize(head, n, mdatAt, fileSize);
        if (mdatSize < 0 || mdatAt + mdatSize > fileSize) {
            throw new Mp4Exception("the 'mdat' after the 'moof' at offset " + pos + " is cut off by the end of the file");
        }
        checkMdat(head, mdatAt, mdatSize, pos, moof);
        return refs;
    }

    /** What the moov says about the video track and the Opus track (null and -1 when there is none). */
    private record Moov(VideoTrack track, long trackId, OpusTrack audio, long audioTrackId) {
    }

    /** One track's track, read from a trak: a video track, an Opus track, or one this does not read. */
    private record Trak(long id, VideoTrack video, OpusTrack audio) {
    }

    /** What one moof says, for the scan loop (reused across fragments). */
    private static final class Moof {
        final Run video = new Run();
        final Run audio = new Run();
        long dataStart;
        long dataEnd;
    }

    /** What one traf says. */
    private static final class Run {
        long baseDecodeTime;
        long duration;
        int count;
        boolean firstSync;
    }

    /**
     * A top-level box header's size from the bytes read at {@code pos}; -1 when the file ends inside the header or the
     * header is all zeros (a tail the file system extended but the write never filled).
     */
    private static long headerSize(ByteBuffer head, int n, long pos, long fileSize) throws Mp4Exception {
        if (n < 8) {
            return -1;
        }
        long size = head.getInt(0) & 0xFFFFFFFFL;
        int type = head.getInt(4);
        if (size == 0 && type == EMPTY) {
            return -1;
        }
        if (size == 1) {
            if (n < 16) {
                return -1;
            }
            size = head.getLong(8);
            if (size < 16) {
                throw new Mp4Exception("box " + name(type) + " at offset " + pos + " has 64-bit size " + size);
            }
        } else if (size == 0) {
            throw new Mp4Exception("box " + name(type) + " at offset " + pos + " has size 0 (to the end of the file),"
                    + " which a segment never has");
        } else if (size < 8) {
            throw new Mp4Exception("box " + name(type) + " at offset " + pos + " has size " + size);
        }
        return size;
    }

    private static void checkMdat(ByteBuffer head, long mdatAt, long mdatSize, long moofAt, Moof moof)
            throws Mp4Exception {
        if (head.getInt(4) != MDAT) {
            throw new Mp4Exception("the 'moof' at offset " + moofAt + " is followed by " + name(head.getInt(4))
                    + " at offset " + mdatAt + ", not 'mdat'");
        }
        long body = mdatAt + (head.getInt(0) == 1 ? 16 : 8);
        if (moof.dataStart < body || moof.dataEnd > mdatAt + mdatSize) {
            throw new Mp4Exception("the samples of the 'moof' at offset " + moofAt + " lie at [" + moof.dataStart + ", "
                    + moof.dataEnd + "), outside its 'mdat' body [" + body + ", " + (mdatAt + mdatSize) + ")");
        }
    }

    private static Moov readMoov(FileChannel file, long pos, long size) throws IOException, Mp4Exception {
        if (size > MAX_BOX) {
            throw new Mp4Exception("'moov' at offset " + pos + " has size " + size + ", more than " + MAX_BOX);
        }
        BoxReader r = new BoxReader(readBox(file, pos, (int) size), pos);
        int end = r.end(0, (int) size, MOOV);
        int body = r.body(0);
        Trak video = null;
        Trak audio = null;
        for (int at = body, next; at < end; at = next) {
            next = r.end(at, end, MOOV); // checks the header is there before its type is read
            if (r.type(at) == TRAK) {
                Trak t = readTrak(r, at, next);
                if (t != null && t.video() != null && video == null) {
                    video = t;
                } else if (t != null && t.audio() != null && audio == null) {
                    audio = t;
                }
            }
        }
        if (video == null) {
            throw new Mp4Exception("'moov' at offset " + pos + " has no video track");
        }
        r.need(body, end, MVEX, MOOV, 0);
        if (audio != null && audio.id() == video.id()) {
            throw new Mp4Exception("'moov' at offset " + pos + " gives its video and audio tracks the same id " + video.id());
        }
        return new Moov(video.video(), video.id(), audio == null ? null : audio.audio(), audio == null ? -1 : audio.id());
    }

    /** The track if it is H.264 video or Opus audio, null for another kind. */
    private static Trak readTrak(BoxReader r, int trak, int trakEnd) throws Mp4Exception {
        int body = r.body(trak);
        int mdia = r.need(body, trakEnd, MDIA, TRAK, trak);
        int mdiaEnd = r.end(mdia, trakEnd, TRAK);
        int hdlr = r.need(r.body(mdia), mdiaEnd, HDLR, MDIA, mdia);
        int hdlrEnd = r.end(hdlr, mdiaEnd, MDIA);
        r.require(r.body(hdlr), 12, hdlrEnd, hdlr);
        int handler = (int) r.u32(r.body(hdlr) + 8);
        if (handler != VIDE && handler != SOUN) {
            return null;
        }
        int tkhd = r.need(body, trakEnd, TKHD, TRAK, trak);
        int tkhdEnd = r.end(tkhd, trakEnd, TRAK);
        int tk = r.body(tkhd);
        r.require(tk, 4, tkhdEnd, tkhd);
        int idAt = tk + 4 + (r.u8(tk) == 1 ? 16 : 8);
        r.require(idAt, 4, tkhdEnd, tkhd);
        long trackId = r.u32(idAt);

        int mdhd = r.need(r.body(mdia), mdiaEnd, MDHD, MDIA, mdia);
        int mdhdEnd = r.end(mdhd, mdiaEnd, MDIA);
        int md = r.body(mdhd);
        r.require(md, 4, mdhdEnd, mdhd);
        int tsAt = md + 4 + (r.u8(md) == 1 ? 16 : 8);
        r.require(tsAt, 4, mdhdEnd, mdhd);
        long timescale = r.u32(tsAt);
        if (timescale == 0 || timescale > Integer.MAX_VALUE) {
            throw new Mp4Exception("'mdhd' at offset " + r.offset(mdhd) + " has timescale " + timescale);
        }

        int minf = r.need(r.body(mdia), mdiaEnd, MINF, MDIA, mdia);
        int minfEnd = r.end(minf, mdiaEnd, MDIA);
        int stbl = r.need(r.body(minf), minfEnd, STBL, MINF, minf);
        int stblEnd = r.end(stbl, minfEnd, MINF);
        int stsd = r.need(r.body(stbl), stblEnd, STSD, STBL, stbl);
        int stsdEnd = r.end(stsd, stblEnd, STBL);
        int entries = r.body(stsd) + 8; // version, flags, entry_count
        r.require(entries, 8, stsdEnd, stsd);
        int entryEnd = r.end(entries, stsdEnd, STSD);
        if (handler == SOUN) {
            OpusTrack opus = readOpus(r, entries, entryEnd, timescale);
            return opus == null ? null : new Trak(trackId, null, opus);
        }
        if (r.type(entries) != AVC1) {
            throw new Mp4Exception("sample entry " + name(r.type(entries)) + " at offset " + r.offset(entries)
                    + " is not 'avc1' (H.264 with parameter sets in avcC)");
        }
        int e = r.body(entries);
        r.require(e, 78, entryEnd, entries);
        int width = r.u16(e + 24);
        int height = r.u16(e + 26);
        if (width == 0 || height == 0) {
            throw new Mp4Exception("'avc1' at offset " + r.offset(entries) + " has picture size " + width + "x" + height);
        }
        int avcc = r.need(e + 78, entryEnd, AVCC, AVC1, entries);
        int avccEnd = r.end(avcc, entryEnd, AVC1);
        int c = r.body(avcc);
        r.require(c, 8, avccEnd, avcc);
        if (r.u8(c) != 1 || (r.u8(c + 4) & 3) != 3 || (r.u8(c + 5) & 0x1F) == 0) {
            throw new Mp4Exception("'avcC' at offset " + r.offset(avcc) + ": version " + r.u8(c) + ", NAL length size "
                    + ((r.u8(c + 4) & 3) + 1) + ", " + (r.u8(c + 5) & 0x1F) + " SPS (need version 1, 4-byte lengths,"
                    + " an SPS)");
        }
        int at = c + 6;
        int spsLen = r.u16(at);
        r.require(at + 2, spsLen, avccEnd, avcc);
        byte[] sps = r.copy(at + 2, spsLen);
        at += 2 + spsLen;
        for (int i = 1; i < (r.u8(c + 5) & 0x1F); i++) {
            r.require(at, 2, avccEnd, avcc);
            at += 2 + r.u16(at);
        }
        r.require(at, 1, avccEnd, avcc);
        int ppsCount = r.u8(at++);
        r.require(at, 2, avccEnd, avcc);
        int ppsLen = r.u16(at);
        r.require(at + 2, ppsLen, avccEnd, avcc);
        if (ppsCount == 0 || spsLen < 4 || ppsLen == 0) {
            throw new Mp4Exception("'avcC' at offset " + r.offset(avcc) + " has no usable SPS and PPS");
        }
        byte[] pps = r.copy(at + 2, ppsLen);
        return new Trak(trackId, new VideoTrack(width, height, sps, pps, (int) timescale), null);
    }

    /** An Opus sample entry's track, or null for another audio codec (that track is not read). */
    private static OpusTrack readOpus(BoxReader r, int entry, int entryEnd, long timescale) throws Mp4Exception {
        if (r.type(entry) != OPUS) {
            return null;
        }
        if (timescale != OpusTrack.TIMESCALE) {
            throw new Mp4Exception("the Opus track has timescale " + timescale + ", not " + OpusTrack.TIMESCALE);
        }
        int e = r.body(entry);
        r.require(e, 28, entryEnd, entry);
        int dops = r.need(e + 28, entryEnd, DOPS, OPUS, entry);
        int dopsEnd = r.end(dops, entryEnd, OPUS);
        int d = r.body(dops);
        r.require(d, 11, dopsEnd, dops);
        int channels = r.u8(d + 1);
        if (r.u8(d) != 0 || r.u8(d + 10) != 0 || channels < 1 || channels > 2) {
            throw new Mp4Exception("'dOps' at offset " + r.offset(dops) + ": version " + r.u8(d) + ", " + channels
                    + " channels, mapping family " + r.u8(d + 10) + " (need version 0, family 0, 1 or 2 channels)");
        }
        return new OpusTrack(channels, r.u16(d + 2));
    }

    /**
     * Reads the moof at {@code pos} into {@code out}, adding each video sample to {@code videoRefs} and each audio one
     * to {@code audioRefs} when not null. It must hold a traf for the video track and may hold one more, after it, for
     * the audio track (when {@code moov} is null, for whatever tracks the two trafs name).
     */
    private static void readMoof(FileChannel file, long pos, long size, Moov moov, Moof out, List<SampleRef> videoRefs,
                                 List<SampleRef> audioRefs) throws IOException, Mp4Exception {
        if (size > MAX_BOX) {
            throw new Mp4Exception("'moof' at offset " + pos + " has size " + size + ", more than " + MAX_BOX);
        }
        BoxReader r = new BoxReader(readBox(file, pos, (int) size), pos);
        int end = r.end(0, (int) size, MOOF);
        int body = r.body(0);
        r.need(body, end, MFHD, MOOF, 0);
        out.dataStart = Long.MAX_VALUE;
        out.dataEnd = Long.MIN_VALUE;
        out.audio.count = 0;
        out.audio.duration = 0;
        out.audio.baseDecodeTime = -1;
        int trafs = 0;
        for (int at = body, next; at < end; at = next) {
            next = r.end(at, end, MOOF);
            if (r.type(at) != TRAF) {
                continue;
            }
            int tfhd = r.need(r.body(at), next, TFHD, TRAF, at);
            r.require(r.body(tfhd), 8, r.end(tfhd, next, TRAF), tfhd);
            long id = r.u32(r.body(tfhd) + 4);
            // The video first, then the audio: samples() can then read a fragment without the moov.
            long want = moov == null ? -1 : trafs == 0 ? moov.trackId : moov.audioTrackId;
            if (trafs == 2 || trafs == 1 && moov != null && moov.audio == null || want >= 0 && id != want) {
                throw new Mp4Exception("the 'traf' at offset " + r.offset(at) + " is for track " + id + " where the"
                        + " segment has " + (trafs == 0 ? "its video track " + moov.trackId
                        : moov != null && moov.audio != null && trafs == 1 ? "its audio track " + moov.audioTrackId : "no more tracks"));
            }
            readTraf(r, at, next, pos, trafs == 0 ? out.video : out.audio, out, trafs == 0 ? videoRefs : audioRefs);
            trafs++;
        }
        if (trafs == 0) {
            throw new Mp4Exception("'moof' at offset " + pos + " has no 'traf'");
        }
    }

    private static void readTraf(BoxReader r, int traf, int trafEnd, long moofAt, Run out, Moof moof,
                                 List<SampleRef> refs) throws Mp4Exception {
        int tfhd = r.need(r.body(traf), trafEnd, TFHD, TRAF, traf);
        int tfhdEnd = r.end(tfhd, trafEnd, TRAF);
        int h = r.body(tfhd);
        int tfFlags = (int) r.u32(h) & 0xFFFFFF;
        int at = h + 8;
        long base = moofAt;
        if ((tfFlags & 0x01) != 0) {
            r.require(at, 8, tfhdEnd, tfhd);
            base = r.u64(at);
            if (base < 0 || base > 1L << 56) { // far past any file, and far from overflow when sizes are added
                throw new Mp4Exception("'tfhd' at offset " + r.offset(tfhd) + " has base data offset " + base);
            }
            at += 8;
        }
        if ((tfFlags & 0x02) != 0) {
            at += 4;
        }
        long defDuration = -1;
        long defSize = -1;
        long defFlags = -1;
        if ((tfFlags & 0x08) != 0) {
            r.require(at, 4, tfhdEnd, tfhd);
            defDuration = r.u32(at);
            at += 4;
        }
        if ((tfFlags & 0x10) != 0) {
            r.require(at, 4, tfhdEnd, tfhd);
            defSize = r.u32(at);
            at += 4;
        }
        if ((tfFlags & 0x20) != 0) {
            r.require(at, 4, tfhdEnd, tfhd);
            defFlags = r.u32(at);
            at += 4;
        }
        r.require(h, at - h, tfhdEnd, tfhd);

        out.baseDecodeTime = -1;
        int tfdt = r.child(r.body(traf), trafEnd, TFDT, TRAF);
        if (tfdt >= 0) {
            int tfdtEnd = r.end(tfdt, trafEnd, TRAF);
            int d = r.body(tfdt);
            r.require(d, 4, tfdtEnd, tfdt);
            boolean wide = r.u8(d) == 1;
            r.require(d + 4, wide ? 8 : 4, tfdtEnd, tfdt);
            out.baseDecodeTime = wide ? r.u64(d + 4) : r.u32(d + 4);
            if (out.baseDecodeTime < 0) {
                throw new Mp4Exception("'tfdt' at offset " + r.offset(tfdt) + " has decode time " + out.baseDecodeTime);
            }
        }
        out.duration = 0;
        out.count = 0;
        long next = base;
        for (int trun = r.body(traf), trunEnd; trun < trafEnd; trun = trunEnd) {
            trunEnd = r.end(trun, trafEnd, TRAF);
            if (r.type(trun) != TRUN) {
                continue;
            }
            int t = r.body(trun);
            r.require(t, 8, trunEnd, trun);
            int flags = (int) r.u32(t) & 0xFFFFFF;
            long count = r.u32(t + 4);
            int p = t + 8;
            if ((flags & 0x01) != 0) {
                r.require(p, 4, trunEnd, trun);
                next = base + (int) r.u32(p); // a signed offset
                p += 4;
            }
            long firstFlags = -1;
            if ((flags & 0x04) != 0) {
                r.require(p, 4, trunEnd, trun);
                firstFlags = r.u32(p);
                p += 4;
            }
            boolean hasDuration = (flags & 0x100) != 0;
            boolean hasSize = (flags & 0x200) != 0;
            boolean hasFlags = (flags & 0x400) != 0;
            int entry = 4 * Integer.bitCount(flags & 0xF00);
            if (out.count + count > MAX_SAMPLES) {
                throw new Mp4Exception("'trun' at offset " + r.offset(trun) + " brings its fragment past " + MAX_SAMPLES
                        + " samples");
            }
            r.require(p, (int) count * entry, trunEnd, trun);
            if (!hasDuration && defDuration < 0 || !hasSize && defSize < 0) {
                throw new Mp4Exception("'trun' at offset " + r.offset(trun) + " gives no sample "
                        + (!hasSize && defSize < 0 ? "size" : "duration") + " and its 'tfhd' no default");
            }
            if (count > 0 && next < moof.dataStart) {
                moof.dataStart = next;
            }
            for (int i = 0; i < count; i++) {
                long duration = hasDuration ? r.u32(p) : defDuration;
                long sampleSize = hasSize ? r.u32(p + (hasDuration ? 4 : 0)) : defSize;
                long sflags = hasFlags ? r.u32(p + (hasDuration ? 4 : 0) + (hasSize ? 4 : 0)) : defFlags;
                if (i == 0 && firstFlags >= 0) {
                    sflags = firstFlags;
                }
                p += entry;
                // No flags anywhere (trex defaults are not read): every sample counts as sync, as without stss.
                boolean sync = sflags < 0 || (sflags & 0x00010000) == 0;
                if (out.count == 0) {
                    out.firstSync = sync;
                }
                if (duration > Integer.MAX_VALUE || sampleSize > Integer.MAX_VALUE) {
                    throw new Mp4Exception("'trun' at offset " + r.offset(trun) + ": sample " + i + " has duration "
                            + duration + ", size " + sampleSize);
                }
                if (refs != null) {
                    refs.add(new SampleRef(next, (int) sampleSize, (int) duration, sync));
                }
                out.duration += duration;
                out.count++;
                next += sampleSize;
            }
            if (count > 0 && next > moof.dataEnd) {
                moof.dataEnd = next;
            }
        }
        if (out.count == 0) {
            throw new Mp4Exception("the 'traf' at offset " + r.offset(traf) + " has no samples");
        }
    }

    private static byte[] readBox(FileChannel file, long pos, int size) throws IOException, Mp4Exception {
        byte[] b = new byte[size];
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            if (file.read(buf, pos + buf.position()) < 0) {
                throw new Mp4Exception("the file ends inside the box at offset " + pos);
            }
        }
        return b;
    }

    /** Reads up to 16 bytes at {@code pos} (fewer near {@code fileSize}) into {@code head}; returns the count. */
    private static int readAt(FileChannel file, long pos, ByteBuffer head, long fileSize) throws IOException {
        head.clear();
        head.putLong(0, 0).putLong(8, 0);
        head.limit((int) Math.min(16, Math.max(0, fileSize - pos)));
        while (head.hasRemaining()) {
            if (file.read(head, pos + head.position()) < 0) {
                break;
            }
        }
        int n = head.position();
        head.clear(); // absolute reads of the (zeroed) rest must not fail
        return n;
    }
}
