package dev.camgate.recording;

import dev.camgate.media.h264.AnnexB;
import dev.camgate.media.h264.DepacketizeException;
import dev.camgate.media.mp4.Avcc;
import dev.camgate.media.mp4.Fmp4;
import dev.camgate.media.mp4.Mp4Exception;
import dev.camgate.media.mp4.OpusTrack;
import dev.camgate.media.mp4.Sample;
import dev.camgate.media.mp4.VideoTrack;
import dev.camgate.media.rtp.Opus;
import dev.camgate.media.rtp.PayloadException;
import dev.camgate.media.rtp.Sps;
import dev.camgate.media.rtp.TimestampUnwrapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one camera's pictures into segment files: a file starts at a keyframe, takes a fragment (moof and
 * mdat) every {@code fragment} or at each keyframe, whichever comes first, each made durable with an fsync
 * before the next, and ends at the first keyframe after {@code segment}, when the picture size changes, or at a
 * break. Only complete fragments ever reach the file, so a crash leaves every fragment before it playable.
 * On the camera's recording thread only.
 *
 * <p>Sound: a file gets an Opus track when the camera's audio was flowing as it opened; {@link SoundTrack} says
 * which packets go into each fragment, after its pictures' bytes in the same mdat.
 */
final class SegmentWriter {
    static final int TIMESCALE = 90_000;
    /** A jump in RTP time this large, or backwards, is not the same recording going on. */
    private static final long MAX_STEP = 5L * TIMESCALE;
    /** Pictures that arrive this much later on the wall clock than their RTP time says are past a gap. */
    private static final long MAX_DRIFT_MILLIS = 3_000;

    /** Where the index hears of a file's life. */
    interface Listener {
        void written(Segment segment);
    }

    private final String camera;
    private final Path dir;
    private final long segmentTicks;
    private final long fragmentTicks;
    private final Listener listener;

    private FileChannel file;
    private String id;
    private Path path;
    private long start;
    private long firstTs;
    private VideoTrack track;
    private int sequence;
    private long position;
    private long lastEnd;
    private final List<Sample> fragment = new ArrayList<>();
    private long fragmentTs;
    private byte[] pending;
    private long pendingTs;
    private boolean pendingSync;
    private long lastDuration = TIMESCALE / 30;
    private final TimestampUnwrapper clock = new TimestampUnwrapper();
    /** The file just closed was rotated: the next one starts where it ended. */
    private boolean followOn;
    private final SoundTrack sound = new SoundTrack(TIMESCALE);

    SegmentWriter(String camera, Path dir, long segmentMillis, long fragmentMillis, Listener listener) {
        this.camera = camera;
        this.dir = dir;
        this.segmentTicks = segmentMillis * TIMESCALE / 1000;
        this.fragmentTicks = fragmentMillis * TIMESCALE / 1000;
        this.listener = listener;
    }

    boolean isOpen() {
        return file != null;
    }

    /**
     * One picture. Returns false when it was not written because it cannot start a file (not a keyframe, or
     * no SPS and PPS with it): the recorder then asks for a keyframe. Throws what the disk throws.
     */
    boolean picture(Work.Frame frame) throws IOException {
        Avcc avcc;
        try {
            byte[] annexB = depacketize(frame);
            avcc = Fmp4.annexBToAvcc(annexB, 0, annexB.length);
        } catch (DepacketizeException | Mp4Exception e) {
            // A picture the camera mangled would make the decoder draw garbage until the next keyframe: end here.
            close();
            return false;
        }
        long now = clock.unwrap(frame.rtpTimestamp());
        sound.picture(now, frame.wallMillis());
        if (file != null && pending != null) {
            long step = now - pendingTs;
            long expectedWall = start + (now - firstTs) * 1000 / TIMESCALE;
            // Only lateness counts: a feed's timestamps run on across a camera's reconnect, so a gap shows as pictures
            // that come later than their RTP time says; a burst (pictures queued behind a slow disk) comes early.
            if (step <= 0 || step > MAX_STEP || frame.wallMillis() - expectedWall > MAX_DRIFT_MILLIS) {
                close();
            } else if (frame.keyframe() && (now - firstTs >= segmentTicks || changed(avcc) || sound.came(frame.wallMillis()))) {
                addPending(step);
                close(true);
            }
        }
        if (file == null) {
            if (!frame.keyframe() || avcc.sps() == null || avcc.pps() == null) {
                return false;
            }
            open(frame.wallMillis(), now, avcc);
        }
        if (pending != null) {
            addPending(now - pendingTs);
        }
        if (!fragment.isEmpty() && (frame.keyframe() || now - fragmentTs >= fragmentTicks)) {
            flush();
        }
        pending = avcc.data();
        pendingTs = now;
        pendingSync = frame.keyframe();
        return true;
    }

    /** Ends the current file: its last picture keeps the length of the one before. */
    void close() throws IOException {
        close(false);
    }

    /** @param rotating the next file follows at once: audio not yet written goes into it */
    private void close(boolean rotating) throws IOException {
        followOn = false;
        if (file == null) {
            pending = null;
            sound.close(false);
            return;
        }
        try {
            if (pending != null) {
                addPending(lastDuration);
            }
            flush(true);
        } catch (IOException e) {
            abandon();
            throw e;
        }
        sound.close(rotating);
        followOn = rotating;
        FileChannel f = file;
        file = null;
        pending = null;
        f.close();
        long duration = lastEnd - start;
        Path closed = dir.resolve(SegmentNames.closedName(id, duration));
        try {
            Files.move(path, closed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            listener.written(new Segment(camera, id, start, lastEnd, position, path, false));
            throw e;
        }
        listener.written(new Segment(camera, id, start, lastEnd, position, closed, false));
    }

    /**
     * After a disk error: the file is cut back to its last complete fragment and closed, if the disk still lets
     * that happen (a full disk does; a read-only one does not, and then the start-up repair finishes it). Either
     * way the index stops counting it as growing.
     */
    void abandon() {
        FileChannel f = file;
        file = null;
        pending = null;
        fragment.clear();
        sound.close(false);
        followOn = false;
        if (f == null) {
            return;
        }
        Path now = path;
        try {
            f.truncate(position);
        } catch (IOException e) {
            // Read-only: what is past position is an incomplete fragment, which the scanner knows to ignore.
        }
        try {
            f.close();
        } catch (IOException e) {
            // Nothing more can be done with it here.
        }
        try {
            Path closed = dir.resolve(SegmentNames.closedName(id, lastEnd - start));
            Files.move(path, closed, StandardCopyOption.ATOMIC_MOVE);
            now = closed;
        } catch (IOException e) {
            // Left named as open: the next start repairs and renames it.
        }
        listener.written(new Segment(camera, id, start, lastEnd, position, now, false));
    }

    private void open(long wallMillis, long now, Avcc avcc) throws IOException {
        Sps sps;
        try {
            sps = Sps.parse(avcc.sps());
        } catch (PayloadException e) {
            throw new IOException("camera '" + camera + "' sent an SPS camgate cannot read: " + e.getMessage());
        }
        Files.createDirectories(dir);
        // A file never starts before the last one ended, so that the timeline has no overlaps. One that follows on at
        // a rotation starts where the last ended: the RTP clock says no time is missing, and a keyframe that came late
        // (a large one behind the camera's pacer) must not open a hole in the timeline. The drift rule in picture()
        // still starts afresh on the wall clock once pictures run 3 s late.
        long begin = followOn && wallMillis - lastEnd < MAX_DRIFT_MILLIS ? lastEnd : Math.max(wallMillis, lastEnd);
        followOn = false;
        String name = SegmentNames.id(begin);
        while (Files.exists(dir.resolve(SegmentNames.openName(name)))) {
            begin++;
            name = SegmentNames.id(begin);
        }
        track = new VideoTrack(sps.width(), sps.height(), avcc.sps(), avcc.pps(), TIMESCALE);
        byte[] init = Fmp4.init(track, sound.open(wallMillis, now) ? OpusTrack.webRtc() : null);
        id = name;
        path = dir.resolve(SegmentNames.openName(name));
        start = begin;
        firstTs = now;
        fragmentTs = now;
        sequence = 1;
        file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        position = 0;
        writeAll(new ByteBuffer[]{ByteBuffer.wrap(init)});
        file.force(true);
        lastEnd = start;
        listener.written(new Segment(camera, id, start, start, position, path, true));
    }

    private boolean changed(Avcc avcc) {
        return avcc.sps() != null && (!Arrays.equals(avcc.sps(), track.sps()) || (avcc.pps() != null && !Arrays.equals(avcc.pps(), track.pps())));
    }

    private void addPending(long duration) {
        if (fragment.isEmpty()) {
            fragmentTs = pendingTs;
        }
        lastDuration = duration;
        fragment.add(new Sample(pending, 0, pending.length, (int) duration, pendingSync));
        pending = null;
    }

    private void flush() throws IOException {
        flush(false);
    }

    /** @param last the file ends with this fragment: its audio is made to reach the end of its pictures */
    private void flush(boolean last) throws IOException {
        if (fragment.isEmpty()) {
            return;
        }
        long duration = 0;
        for (Sample s : fragment) {
            duration += s.duration();
        }
        long end = fragmentTs - firstTs + duration;
        long audioBase = sound.cursor();
        List<Sample> audioFragment = sound.take(end * Opus.CLOCK / TIMESCALE, last);
        ByteBuffer[] parts = new ByteBuffer[fragment.size() + audioFragment.size() + 1];
        parts[0] = ByteBuffer.wrap(Fmp4.fragmentHeader(sequence++, fragmentTs - firstTs, fragment, audioBase, audioFragment));
        for (int i = 0; i < fragment.size(); i++) {
            Sample s = fragment.get(i);
            parts[i + 1] = ByteBuffer.wrap(s.data(), s.offset(), s.length());
        }
        for (int i = 0; i < audioFragment.size(); i++) {
            Sample s = audioFragment.get(i);
            parts[fragment.size() + i + 1] = ByteBuffer.wrap(s.data(), s.offset(), s.length());
        }
        fragment.clear();
        writeAll(parts);
        // The fragment is on the disk before the index says so: what a power cut can lose is the fragment being written.
        file.force(false);
        lastEnd = start + end * 1000 / TIMESCALE;
        listener.written(new Segment(camera, id, start, lastEnd, position, path, true));
    }

    /** Whether the file being written has a sound track; any thread. */
    boolean hasAudio() {
        return sound.hasAudio();
    }

    /** Audio packets dropped: malformed, overlapping what was written, or behind stalled pictures. */
    long audioDropped() {
        return sound.dropped();
    }

    /** The camera dropped or pictures were lost: sound and pictures are tied afresh when the stream comes back. */
    void streamBroke() {
        sound.streamBroke();
    }

    /** One audio packet: kept until the pictures of its time are written, when the file has sound. */
    void audio(Work.Audio a) {
        sound.packet(a);
    }

    private void writeAll(ByteBuffer[] parts) throws IOException {
        long total = 0;
        for (ByteBuffer b : parts) {
            total += b.remaining();
        }
        long written = 0;
        while (written < total) {
            long n = file.write(parts);
            if (n <= 0) {
                // A full tmpfs can take nothing without saying ENOSPC: looping here would stall the recorder for good.
                throw new IOException("No space left on device (the disk took no more bytes)");
            }
            written += n;
        }
        position += total;
    }


    private static byte[] depacketize(Work.Frame frame) throws DepacketizeException {
        AnnexB stream = new AnnexB(FrameAssembler.MAX_FRAME_BYTES + 1024);
        byte[] b = frame.packets();
        int i = 0;
        while (i + 2 <= frame.length()) {
            int len = (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
            stream.addPacket(b, i + 2, len);
            i += 2 + len;
        }
        return stream.toByteArray();
    }
}
