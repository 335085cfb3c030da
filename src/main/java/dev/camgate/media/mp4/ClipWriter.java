package dev.camgate.media.mp4;

import static dev.camgate.media.mp4.Boxes.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * A progressive (non-fragmented) MP4 clip of one H.264 track: ftyp, a moov with the full sample table (stts, stss,
 * stsz, stsc, co64) placed before the mdat so a player starts at once, then the mdat, its sample bytes copied from
 * the segment files. All samples form one chunk. The first sample's decode time is 0. Stateless; blocking I/O, so
 * call it from a disk thread, never from an event loop. Memory: the moov, about 4 bytes per sample plus 8 per sync
 * sample and per change of duration; bytes are copied with {@link FileChannel#transferTo}.
 */
public final class ClipWriter {
    /** Samples to copy from one segment file, in order. */
    public record Source(FileChannel file, List<SampleRef> samples) {
        public Source {
            samples = List.copyOf(samples);
        }
    }

    private ClipWriter() {
    }

    /** The total byte size the clip will have (for Content-Length), computed without writing. */
    public static long size(VideoTrack track, List<Source> sources) {
        long body = body(sources);
        return moov(track, sources, 0).length + (long) ftyp().length + mdatHeader(body) + body;
    }

    /**
     * Writes the whole clip. The first sample must be sync (the caller cuts at keyframes). Throws IOException when a
     * source file ends before a sample it names (the segment was cut or deleted since it was scanned).
     */
    public static void write(VideoTrack track, List<Source> sources, WritableByteChannel out) throws IOException {
        long body = body(sources);
        byte[] ftyp = ftyp();
        int moovSize = moov(track, sources, 0).length; // the chunk offset's value does not change moov's size
        long chunk = ftyp.length + moovSize + mdatHeader(body);
        byte[] moov = moov(track, sources, chunk);
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
            List<SampleRef> samples = s.samples();
            int i = 0;
            while (i < samples.size()) {
                // Samples of one fragment are contiguous: copy each run in one transfer.
                long start = samples.get(i).offset();
                long end = start + samples.get(i).size();
                i++;
                while (i < samples.size() && samples.get(i).offset() == end) {
                    end += samples.get(i).size();
                    i++;
                }
                copy(s.file(), start, end - start, out);
            }
        }
    }

    private static long body(List<Source> sources) {
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

    /** The moov with {@code chunk} as the one chunk's file offset. */
    private static byte[] moov(VideoTrack track, List<Source> sources, long chunk) {
        int count = 0;
        int runs = 0;
        int syncs = 0;
        long duration = 0;
        long last = -1;
        for (Source s : sources) {
            for (SampleRef r : s.samples()) {
                count++;
                duration += r.duration();
                if (r.duration() != last) {
                    runs++;
                    last = r.duration();
                }
                if (r.sync()) {
                    syncs++;
                }
            }
        }
        BoxWriter w = new BoxWriter(1024 + 4 * count + 8 * runs + 4 * syncs);
        int moov = w.open(MOOV);
        mvhd(w, track.timescale(), duration);
        int trak = w.open(TRAK);
        tkhd(w, track, duration);
        int mdia = w.open(MDIA);
        mdhd(w, track.timescale(), duration);
        hdlr(w);
        int minf = w.open(MINF);
        minfHead(w);
        int stbl = w.open(STBL);
        stsd(w, track);

        int stts = w.openFull(STTS, 0, 0);
        w.u32(runs);
        int n = 0;
        last = -1;
        for (Source s : sources) {
            for (SampleRef r : s.samples()) {
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

        int stsc = w.openFull(STSC, 0, 0);
        w.u32(1);
        w.u32(1); // first_chunk
        w.u32(count); // samples_per_chunk: everything in one chunk
        w.u32(1); // sample_description_index
        w.close(stsc);

        int stsz = w.openFull(STSZ, 0, 0);
        w.u32(0);
        w.u32(count);
        for (Source s : sources) {
            for (SampleRef r : s.samples()) {
                w.u32(r.size());
            }
        }
        w.close(stsz);

        int co64 = w.openFull(CO64, 0, 0);
        w.u32(1);
        w.u64(chunk);
        w.close(co64);
        w.close(stbl);
        w.close(minf);
        w.close(mdia);
        w.close(trak);
        w.close(moov);
        return w.toByteArray();
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
