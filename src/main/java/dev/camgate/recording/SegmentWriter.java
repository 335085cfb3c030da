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
 * <p>Sound: a file gets an Opus track when the camera's audio was flowing as it opened. Its packets are placed
 * against the pictures by their RTP time, tied once to the video's by arrival (the camera sends no sender reports
 * camgate reads; the error is the difference of the two paths' delays, tens of milliseconds). The track runs without
 * a hole from the file's start to its end: where packets are missing it holds silent packets, and a packet that
 * would overlap what is written is dropped, because a player stops at a hole in any track of the file.
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
    private long lastTs32 = -1;
    private long ts;
    private long lastVideoTs;
    /** The file just closed was rotated: the next one starts where it ended. */
    private boolean followOn;
    private long lastVideoWall = -1;

    /** Audio packets are dropped beyond this many waiting for their pictures (10 s): video has stalled. */
    private static final int MAX_HELD_AUDIO = 500;
    /** A packet up to this far (10 ms at 48 kHz) from where the track has got to is placed there. */
    private static final long AUDIO_SLACK = 480;
    /** Audio this far behind the pictures (0.5 s) has stopped: silence goes in its place. */
    private static final long AUDIO_LAG = Opus.CLOCK / 2;
    private volatile boolean audioOn;
    private long lastAudioWall = -1;
    private long lastAudio32 = -1;
    private long audioTs;
    private boolean anchored;
    private long anchorAudio;
    private long anchorVideo;
    /** The audio time (48 kHz, unwrapped RTP) of the file's start, once both clocks are tied. */
    private long audioFileBase;
    private boolean audioBased;
    /** Where the file's audio track has got to, at 48 kHz from the file's start. */
    private long audioCursor;
    private final java.util.ArrayDeque<HeldAudio> heldAudio = new java.util.ArrayDeque<>();
    private final List<Sample> audioFragment = new ArrayList<>();
    private long audioDropped;

    /** An audio packet waiting for the pictures of its time: {@code ts} is its unwrapped RTP time. */
    private record HeldAudio(byte[] packet, long ts, int samples) {
    }

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
        long now = unwrap(frame.rtpTimestamp());
        lastVideoTs = now;
        lastVideoWall = frame.wallMillis();
        if (file != null && pending != null) {
            long step = now - pendingTs;
            long expectedWall = start + (now - firstTs) * 1000 / TIMESCALE;
            // Only lateness counts: a feed's timestamps run on across a camera's reconnect, so a gap shows as pictures
            // that come later than their RTP time says; a burst (pictures queued behind a slow disk) comes early.
            if (step <= 0 || step > MAX_STEP || frame.wallMillis() - expectedWall > MAX_DRIFT_MILLIS) {
                close();
            } else if (frame.keyframe() && (now - firstTs >= segmentTicks || changed(avcc) || soundCame(frame.wallMillis()))) {
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
            heldAudio.clear();
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
        if (!rotating) {
            heldAudio.clear();
        }
        audioOn = false;
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
        audioFragment.clear();
        heldAudio.clear();
        audioOn = false;
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
        // Sound only while it flows: an audio track with no packets would hold nothing but silence.
        audioOn = lastAudioWall >= 0 && wallMillis - lastAudioWall < 2_000;
        audioCursor = 0;
        audioBased = false;
        byte[] init = Fmp4.init(track, audioOn ? OpusTrack.webRtc() : null);
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
        baseAudio();
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
        long audioBase = audioCursor;
        if (audioOn) {
            takeAudio(end * Opus.CLOCK / TIMESCALE, last);
        }
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
        audioFragment.clear();
        writeAll(parts);
        // The fragment is on the disk before the index says so: what a power cut can lose is the fragment being written.
        file.force(false);
        lastEnd = start + end * 1000 / TIMESCALE;
        listener.written(new Segment(camera, id, start, lastEnd, position, path, true));
    }

    // Audio.

    /** Whether the file being written has a sound track. */
    boolean hasAudio() {
        return audioOn;
    }

    /** Audio packets dropped: malformed, overlapping what was written, or behind stalled pictures. */
    long audioDropped() {
        return audioDropped;
    }

    /** The camera dropped or pictures were lost: the two clocks are tied afresh when the stream comes back. */
    void streamBroke() {
        anchored = false;
        lastVideoWall = -1;
        lastAudioWall = -1;
        lastAudio32 = -1;
        heldAudio.clear();
    }

    /** One audio packet: kept until the pictures of its time are written, when the file has sound. */
    void audio(Work.Audio a) {
        byte[] p = a.payload();
        int samples = Opus.samples(p, 0, p.length);
        if (samples < 0) {
            audioDropped++;
            return; // not Opus: a decoder would stop at it
        }
        long at = unwrapAudio(a.rtpTimestamp());
        lastAudioWall = a.wallMillis();
        if (!anchored) {
            if (lastVideoWall < 0) {
                return;
            }
            anchored = true;
            anchorAudio = at;
            anchorVideo = lastVideoTs + (a.wallMillis() - lastVideoWall) * TIMESCALE / 1000;
            baseAudio();
        }
        if (file == null || !audioOn) {
            return;
        }
        if (heldAudio.size() == MAX_HELD_AUDIO) {
            heldAudio.pollFirst();
            audioDropped++;
        }
        heldAudio.addLast(new HeldAudio(p, at, samples));
    }

    /**
     * Sound began in a file opened without it (a camera's audio often starts a moment after its first keyframe): the
     * file ends at this keyframe so that the next has the sound, rather than a whole segment later.
     */
    private boolean soundCame(long wallMillis) {
        return !audioOn && lastAudioWall >= 0 && wallMillis - lastAudioWall < 2_000;
    }

    /** Ties the file's start to the audio clock, once both are known. */
    private void baseAudio() {
        if (file != null && audioOn && anchored && !audioBased) {
            audioBased = true;
            audioFileBase = anchorAudio + (firstTs - anchorVideo) * Opus.CLOCK / TIMESCALE;
        }
    }

    /**
     * Moves the held packets that belong before {@code end} (48 kHz from the file's start) into the fragment,
     * keeping the track without holes; with {@code last}, or when the audio has stopped, silence takes it to the end.
     */
    private void takeAudio(long end, boolean last) {
        while (audioBased && !heldAudio.isEmpty()) {
            HeldAudio h = heldAudio.peekFirst();
            long t = h.ts() - audioFileBase;
            if (t >= end) {
                break;
            }
            heldAudio.pollFirst();
            if (t < audioCursor - AUDIO_SLACK) {
                audioDropped++; // its time is written already (silence went there, or the file starts after it)
                continue;
            }
            silenceUntil(t);
            audioFragment.add(new Sample(h.packet(), 0, h.packet().length, h.samples(), true));
            audioCursor += h.samples();
        }
        if (last || audioCursor < end - AUDIO_LAG) {
            silenceUntil(end);
        }
    }

    private void silenceUntil(long t) {
        while (t - audioCursor > AUDIO_SLACK) {
            byte[] s = Opus.silence();
            audioFragment.add(new Sample(s, 0, s.length, Opus.silenceSamples(), true));
            audioCursor += Opus.silenceSamples();
        }
    }

    private long unwrapAudio(long ts32) {
        if (lastAudio32 < 0) {
            audioTs = ts32;
        } else {
            audioTs += (int) (ts32 - lastAudio32);
        }
        lastAudio32 = ts32;
        return audioTs;
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

    private long unwrap(long ts32) {
        if (lastTs32 < 0) {
            ts = ts32;
        } else {
            ts += (int) (ts32 - lastTs32);
        }
        lastTs32 = ts32;
        return ts;
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
