package dev.camgate.media.mp4;

import static dev.camgate.media.mp4.Boxes.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * A progressive (non-fragmented) MP4 clip of one H.264 track and, when the segments have it, one Opus track: ftyp, a
 * moov with the full sample tables (stts, stss, stsz, stsc, co64) placed before the mdat so a player starts at once,
 * then the mdat, its sample bytes copied from the segment files. Each source file gives one chunk per track, the
 * video's then the audio's, so the two stay interleaved a segment at a time. The first sample's decode time is 0 in
 * each track. Stateless; blocking I/O, so call it from a disk thread, never from an event loop. Memory: the moov,
 * about 4 bytes per sample plus 8 per sync sample, per change of duration and per source; bytes are copied with
 * {@link FileChannel#transferTo}.
 */
public final class ClipWriter {
    /** Samples to copy from one segment file, in order: video, and audio (empty for a clip without). */
    public record Source(FileChannel file, List<SampleRef> samples, List<SampleRef> audio) {
        public Source {
            samples = List.copyOf(samples);
            audio = List.copyOf(audio);
        }

        public Source(FileChannel file, List<SampleRef> samples) {
            this(file, samples, List.of());
        }
    }

    private ClipWriter() {
    }

    /** The total byte size the clip will have (for Content-Length), computed without writing. */
    public static long size(VideoTrack track, List<Source> sources) {
        return size(track, null, sources);
    }

    /** As {@link #size(VideoTrack, List)}, with an audio track when {@code audio} is not null. */
    public static long size(VideoTrack track, OpusTrack audio, List<Source> sources) {
        long body = body(sources, audio != null);
        return moov(track, audio, sources, 0).length + (long) ftyp().length + mdatHeader(body) + body;
    }

    /**
     * Writes the whole clip. The first sample must be sync (the caller cuts at keyframes). Throws IOException when a
     * source file ends before a sample it names (the segment was cut or deleted since it was scanned).
     */
    public static void write(VideoTrack track, List<Source> sources, WritableByteChannel out) throws IOException {
        write(track, null, sources, out);
    }

    /** As {@link #write(VideoTrack, List, WritableByteChannel)}, with the sources' audio when {@code audio} is not null. */
    public static void write(VideoTrack track, OpusTrack audio, List<Source> sources, WritableByteChannel out)
            throws IOException {
        long body = body(sources, audio != null);
        byte[] ftyp = ftyp();
        int moovSize = moov(track, audio, sources, 0).length; // the chunk offsets' values do not change moov's size
        long mdat0 = ftyp.length + moovSize + mdatHeader(body);
        byte[] moov = moov(track, audio, sources, mdat0);
        writeFully(out, ByteBuffer.wrap(ftyp));
        writeFully(out, ByteBuffer.wrap(moov));
        ByteBuffer mdat = ByteBuffer.allocate(mdatHeader(body));
        if (mdat.capacity() == 8) {
            mdat.putInt((int) (8 + body)).putInt(MDAT);
        } else {
            mdat.putInt(1).putInt(MDAT).putLong(16 + body);
        }
        writeFully(out, mdat.flip());
        for (Source s : sources) {
            copyRuns(s.file(), s.samples(), out);
            if (audio != null) {
                copyRuns(s.file(), s.audio(), out);
            }
        }
    }

    /** Samples of one fragment are contiguous: copy each run in one transfer. */
    private static void copyRuns(FileChannel file, List<SampleRef> samples, WritableByteChannel out) throws IOException {
        int i = 0;
        while (i < samples.size()) {
            long start = samples.get(i).offset();
            long end = start + samples.get(i).size();
            i++;
            while (i < samples.size() && samples.get(i).offset() == end) {
                end += samples.get(i).size();
                i++;
            }
            copy(file, start, end - start, out);
        }
    }

    private static long body(List<Source> sources, boolean withAudio) {
        long body = 0;
        boolean first = true;
        for (Source s : sources) {
            for (SampleRef r : s.samples()) {
                if (first && !r.sync()) {
                    throw new IllegalArgumentException("a clip must start at a sync sample");
                }
                first = false;
                body += r.size();
            }
            if (withAudio) {
                for (SampleRef r : s.audio()) {
                    body += r.size();
                }
            }
        }
        if (first) {
            throw new IllegalArgumentException("a clip needs at least one sample");
        }
        return body;
    }

    private static int mdatHeader(long body) {
        return body + 8 > 0xFFFFFFFFL ? 16 : 8;
    }

    private static byte[] ftyp() {
        BoxWriter w = new BoxWriter(32);
        Boxes.ftyp(w, "isom", "isom", "iso2", "avc1", "mp41");
        return w.toByteArray();
    }

    private static long bytes(List<SampleRef> refs) {
        long n = 0;
        for (SampleRef r : refs) {
            n += r.size();
        }
        return n;
    }

    private static long duration(List<Source> sources, boolean audio) {
        long d = 0;
        for (Source s : sources) {
            for (SampleRef r : audio ? s.audio() : s.samples()) {
                d += r.duration();
            }
        }
        return d;
    }

    /** The moov with {@code mdat0} as the file offset of the mdat's first byte. */
    private static byte[] moov(VideoTrack track, OpusTrack audio, List<Source> sources, long mdat0) {
        // Where each source's video chunk and audio chunk start in the file.
        long[] videoAt = new long[sources.size()];
        long[] audioAt = new long[sources.size()];
        long at = mdat0;
        for (int i = 0; i < sources.size(); i++) {
            videoAt[i] = at;
            at += bytes(sources.get(i).samples());
            audioAt[i] = at;
            if (audio != null) {
                at += bytes(sources.get(i).audio());
            }
        }
        boolean withAudio = audio != null && duration(sources, true) > 0;
        long videoDuration = duration(sources, false);
        BoxWriter w = new BoxWriter(2048);
        int moov = w.open(MOOV);
        mvhd(w, track.timescale(), videoDuration, withAudio ? 2 : 1);
        int trak = w.open(TRAK);
        tkhd(w, track, videoDuration);
        int mdia = w.open(MDIA);
        mdhd(w, track.timescale(), videoDuration);
        hdlr(w);
        int minf = w.open(MINF);
        minfHead(w);
        int stbl = w.open(STBL);
        stsd(w, track);
        tables(w, sources, false, videoAt);
        w.close(stbl);
        w.close(minf);
        w.close(mdia);
        w.close(trak);
        if (withAudio) {
            long audioDuration = duration(sources, true);
            trak = w.open(TRAK);
            tkhdAudio(w, audioDuration * track.timescale() / OpusTrack.TIMESCALE);
            mdia = w.open(MDIA);
            mdhd(w, OpusTrack.TIMESCALE, audioDuration);
            hdlr(w, SOUN, "SoundHandler");
            minf = w.open(MINF);
            minfHead(w, true);
            stbl = w.open(STBL);
            stsd(w, audio);
            tables(w, sources, true, audioAt);
            w.close(stbl);
            w.close(minf);
            w.close(mdia);
            w.close(trak);
        }
        w.close(moov);
        return w.toByteArray();
    }

    /** stts, stss (video only: every audio sample is sync), stsc, stsz and co64 of one track. */
    private static void tables(BoxWriter w, List<Source> sources, boolean audio, long[] chunkAt) {
        int runs = 0;
        int count = 0;
        long last = -1;
        for (Source s : sources) {
            for (SampleRef r : audio ? s.audio() : s.samples()) {
                count++;
                if (r.duration() != last) {
                    runs++;
                    last = r.duration();
                }
            }
        }
        int stts = w.openFull(STTS, 0, 0);
        w.u32(runs);
        int n = 0;
        last = -1;
        for (Source s : sources) {
            for (SampleRef r : audio ? s.audio() : s.samples()) {
                if (r.duration() != last && n > 0) {
                    w.u32(n);
                    w.u32(last);
                    n = 0;
                }
                last = r.duration();
                n++;
            }
        }
        w.u32(n);
        w.u32(last);
        w.close(stts);

        if (!audio) {
            int syncs = 0;
            for (Source s : sources) {
                for (SampleRef r : s.samples()) {
                    syncs += r.sync() ? 1 : 0;
                }
            }
            int stss = w.openFull(STSS, 0, 0);
            w.u32(syncs);
            int number = 1;
            for (Source s : sources) {
                for (SampleRef r : s.samples()) {
                    if (r.sync()) {
                        w.u32(number);
                    }
                    number++;
                }
            }
            w.close(stss);
        }

        // One chunk per source that has samples of this track.
        int chunks = 0;
        for (Source s : sources) {
            chunks += (audio ? s.audio() : s.samples()).isEmpty() ? 0 : 1;
        }
        int stsc = w.openFull(STSC, 0, 0);
        w.u32(chunks);
        int chunk = 1;
        for (Source s : sources) {
            List<SampleRef> refs = audio ? s.audio() : s.samples();
            if (!refs.isEmpty()) {
                w.u32(chunk++); // first_chunk
                w.u32(refs.size()); // samples_per_chunk
                w.u32(1); // sample_description_index
            }
        }
        w.close(stsc);

        int stsz = w.openFull(STSZ, 0, 0);
        w.u32(0);
        w.u32(count);
        for (Source s : sources) {
            for (SampleRef r : audio ? s.audio() : s.samples()) {
                w.u32(r.size());
            }
        }
        w.close(stsz);

        int co64 = w.openFull(CO64, 0, 0);
        w.u32(chunks);
        for (int i = 0; i < sources.size(); i++) {
            if (!(audio ? sources.get(i).audio() : sources.get(i).samples()).isEmpty()) {
                w.u64(chunkAt[i]);
            }
        }
        w.close(co64);
    }

    private static void copy(FileChannel from, long pos, long n, WritableByteChannel out) throws IOException {
        long done = 0;
        while (done < n) {
            long k = from.transferTo(pos + done, n - done, out);
            if (k <= 0) {
                if (pos + done >= from.size()) {
                    throw new IOException("source file ends at " + from.size() + ", before sample bytes at " + (pos + done));
                }
                // transferTo made no progress without reaching the end: the target is non-blocking and full.
                throw new IOException("the output channel accepted no bytes");
            }
            done += k;
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (out.write(b) == 0 && b.hasRemaining()) {
                throw new IOException("the output channel accepted no bytes");
            }
        }
    }
}
