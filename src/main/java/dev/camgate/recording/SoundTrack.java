package dev.camgate.recording;

import dev.camgate.media.mp4.Sample;
import dev.camgate.media.rtp.Opus;
import dev.camgate.media.rtp.TimestampUnwrapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sound of the file a {@link SegmentWriter} writes: which Opus packets go into each fragment, and where. On the
 * camera's recording thread only, but for {@link #hasAudio}.
 *
 * <p>A file gets an Opus track when the camera's audio was flowing as it opened. Packets are placed against the
 * pictures by their RTP time. The two RTP clocks are tied through the wall clock by each stream's least delay:
 * the smallest (arrival - RTP time) seen since the stream began, for the pictures and for the packets, which is
 * what each path takes without queueing (a large keyframe waits behind the camera's pacer for hundreds of
 * milliseconds; a small picture or an audio packet goes at once). The camera sends no sender reports camgate
 * reads, so what is left is the difference of the two paths' own delays (capture, encoding). A file keeps the tie
 * it opened with. The track runs without a hole from the file's start to its end: where packets are missing it
 * holds silent packets, and a packet that would overlap what is written is dropped, because a player stops at a
 * hole in any track of the file.
 */
final class SoundTrack {
    /** A file opens with sound when a packet came within this long before it. */
    private static final long FLOWING_MILLIS = 2_000;
    /** Packets are dropped beyond this many waiting for their pictures (10 s): video has stalled. */
    private static final int MAX_HELD = 500;
    /** A packet up to this far (10 ms at 48 kHz) from where the track has got to is placed there. */
    private static final long SLACK = 480;
    /** Sound this far behind the pictures (0.5 s) has stopped: silence goes in its place. */
    private static final long LAG = Opus.CLOCK / 2;
    /** A better tie of the two clocks by more than this (40 ms) moves the sound of the file being written. */
    private static final long RETIE = Opus.CLOCK / 25;

    /** A packet waiting for the pictures of its time: {@code ts} is its unwrapped RTP time. */
    private record Held(byte[] packet, long ts, int samples) {
    }

    private final int videoClock;
    private volatile boolean on;
    private long lastWall = -1;
    private final TimestampUnwrapper clock = new TimestampUnwrapper();
    /** The least (arrival in video ticks - RTP time) of the pictures, and of the packets in audio ticks. */
    private long videoDelay = Long.MAX_VALUE;
    private long audioDelay = Long.MAX_VALUE;
    private long fileFirstVideoTs;
    /** The audio time (unwrapped RTP) of the file's start, once both clocks are tied. */
    private long fileBase;
    private boolean based;
    /** Where the file's track has got to, at 48 kHz from the file's start. */
    private long cursor;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final List<Sample> fragment = new ArrayList<>();
    private long dropped;

    SoundTrack(int videoClock) {
        this.videoClock = videoClock;
    }

    /** Whether the file being written has a sound track; any thread. */
    boolean hasAudio() {
        return on;
    }

    /** Packets dropped: malformed, overlapping what was written, or behind stalled pictures. */
    long dropped() {
        return dropped;
    }

    /** A picture came, at this (unwrapped) RTP time and wall time: what the next packets are placed against. */
    void picture(long videoTs, long wallMillis) {
        videoDelay = Math.min(videoDelay, wallMillis * videoClock / 1000 - videoTs);
    }

    /**
     * Sound began in a file opened without it (a camera's audio often starts a moment after its first keyframe): the
     * file should end at this keyframe so that the next has the sound, rather than a whole segment later.
     */
    boolean came(long wallMillis) {
        return !on && lastWall >= 0 && wallMillis - lastWall < FLOWING_MILLIS;
    }

    /** A file opens at its first picture's RTP time: returns whether it has sound. */
    boolean open(long wallMillis, long firstVideoTs) {
        // Sound only while it flows: an audio track with no packets would hold nothing but silence.
        on = lastWall >= 0 && wallMillis - lastWall < FLOWING_MILLIS;
        fileFirstVideoTs = firstVideoTs;
        cursor = 0;
        based = false;
        base();
        return on;
    }

    /** The file ended; with {@code rotating} the next follows at once and gets the packets not yet written. */
    void close(boolean rotating) {
        if (!rotating) {
            held.clear();
        }
        fragment.clear();
        on = false;
    }

    /** The camera dropped or pictures were lost: the two clocks are tied afresh when the stream comes back. */
    void streamBroke() {
        videoDelay = Long.MAX_VALUE;
        audioDelay = Long.MAX_VALUE;
        lastWall = -1;
        clock.reset();
        held.clear();
    }

    /** One audio packet: kept until the pictures of its time are written, when the file has sound. */
    void packet(Work.Audio a) {
        byte[] p = a.payload();
        int samples = Opus.samples(p, 0, p.length);
        if (samples < 0) {
            dropped++;
            return; // not Opus: a decoder would stop at it
        }
        long at = clock.unwrap(a.rtpTimestamp());
        lastWall = a.wallMillis();
        audioDelay = Math.min(audioDelay, a.wallMillis() * Opus.CLOCK / 1000 - at);
        base();
        if (!on) {
            return;
        }
        if (held.size() == MAX_HELD) {
            held.pollFirst();
            dropped++;
        }
        held.addLast(new Held(p, at, samples));
    }

    /** Where the track has got to: the decode time (48 kHz) of the next fragment's first sample. */
    long cursor() {
        return cursor;
    }

    /**
     * The samples of the fragment whose pictures end at {@code end} (48 kHz from the file's start): the held packets
     * of that time, without holes; with {@code last}, or when the sound has stopped, silence takes it to the end.
     * The list is this track's own and is valid until the next call.
     */
    List<Sample> take(long end, boolean last) {
        fragment.clear();
        if (!on) {
            return fragment;
        }
        while (based && !held.isEmpty()) {
            Held h = held.peekFirst();
            long t = h.ts() - fileBase;
            if (t >= end) {
                break;
            }
            held.pollFirst();
            if (t < cursor - SLACK) {
                dropped++; // its time is written already (silence went there, or the file starts after it)
                continue;
            }
            silenceUntil(t);
            fragment.add(new Sample(h.packet(), 0, h.packet().length, h.samples(), true));
            cursor += h.samples();
        }
        if (last || cursor < end - LAG) {
            silenceUntil(end);
        }
        return fragment;
    }

    /** Ties the file's start to the audio clock, once both are known. */
    private void base() {
        if (!on || videoDelay == Long.MAX_VALUE || audioDelay == Long.MAX_VALUE) {
            return;
        }
        // The file's first picture on the wall clock, in audio ticks, less the audio path's delay.
        long b = scale(fileFirstVideoTs + videoDelay, Opus.CLOCK, videoClock) - audioDelay;
        // Tied afresh when a least delay has come down by more than RETIE (a stream's first pictures are often a large
        // keyframe that waited): the cursor then fills or drops that much once, and the sound is in step after.
        if (!based || Math.abs(b - fileBase) > RETIE) {
            based = true;
            fileBase = b;
        }
    }

    /** x * mul / div without overflow for wall-clock ticks (x near 2^47 in video ticks). */
    private static long scale(long x, long mul, long div) {
        return Math.floorDiv(x, div) * mul + Math.floorMod(x, div) * mul / div;
    }

    private void silenceUntil(long t) {
        while (t - cursor > SLACK) {
            byte[] s = Opus.silence();
            fragment.add(new Sample(s, 0, s.length, Opus.silenceSamples(), true));
            cursor += Opus.silenceSamples();
        }
    }

}
