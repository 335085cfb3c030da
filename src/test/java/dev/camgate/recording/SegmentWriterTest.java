package dev.camgate.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.mp4.Ffmpeg;
import dev.camgate.media.mp4.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SegmentWriterTest {
    static final long T0 = 1_796_000_000_000L; // 2026-11-29

    @TempDir
    Path dir;

    private final Map<String, Segment> latest = new TreeMap<>();
    private final List<Segment> events = new ArrayList<>();

    private SegmentWriter writer(long segmentMillis, long fragmentMillis) {
        return new SegmentWriter("porch", dir, segmentMillis, fragmentMillis, s -> {
            latest.put(s.id(), s);
            events.add(s);
        });
    }

    /** Frame i of a 30 fps stream: RTP time and wall time in step, starting at {@code wall0}. */
    private static void feed(SegmentWriter w, RtpPictures rtp, List<byte[]> units, int from, int to, long ts0, long wall0) throws Exception {
        for (int i = from; i < to; i++) {
            w.picture(rtp.frame(units.get(i), (ts0 + (long) (i - from) * TestStreams.FRAME_90K) & 0xFFFF_FFFFL, wall0 + (i - from) * 100L / 3));
        }
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void filesStartAtKeyframesAfterTheSegmentLengthAndEachPlays() throws Exception {
        Ffmpeg.assumePresent();
        List<byte[]> units = TestStreams.accessUnits(320, 240, 300, 30);
        SegmentWriter w = writer(4_000, 500);
        // Timestamps wrap past 2^32 on the way: the files must not notice.
        feed(w, new RtpPictures(1), units, 0, 300, 0xFFFF_FFFFL - 150_000, T0);
        w.close();
        List<Path> files = files();
        assertEquals(3, files.size(), files.toString());
        long expectedStart = T0;
        int[] frames = {120, 120, 60};
        for (int i = 0; i < 3; i++) {
            Segment s = latest.values().stream().toList().get(i);
            assertFalse(s.open());
            assertEquals(SegmentNames.closedName(s.id(), s.durationMillis()), s.path().getFileName().toString());
            assertEquals(expectedStart, s.start(), 1, "each file starts where the one before ended");
            JsonNode probe = Ffmpeg.probe(s.path());
            JsonNode v = probe.get("streams").get(0);
            assertEquals("h264", v.get("codec_name").asString());
            assertEquals(320, v.get("width").asInt());
            assertEquals(240, v.get("height").asInt());
            assertEquals(frames[i], v.get("nb_read_frames").asInt(), s.path().toString());
            assertEquals(frames[i] / 30.0, probe.get("format").get("duration").asDouble(), 0.034);
            assertEquals("", Ffmpeg.decodeErrors(s.path()));
            assertEquals(Files.size(s.path()), s.bytes());
            expectedStart = s.end();
        }
        assertEquals(T0 + 10_000, expectedStart, 1);
    }

    @Test
    void theIndexHearsOfEachFragmentOnlyOnceItIsOnDisk() throws Exception {
        List<byte[]> units = TestStreams.accessUnits(320, 240, 60, 30);
        SegmentWriter w = writer(60_000, 500);
        feed(w, new RtpPictures(1), units, 0, 60, 0, T0);
        // Open, then a fragment each 500 ms of video (or sooner at the keyframe): 1 + 3 + 1 (second keyframe) ...
        assertTrue(events.get(0).open());
        long lastEnd = T0;
        for (Segment s : events) {
            assertTrue(s.end() >= lastEnd);
            assertTrue(Files.size(s.path()) >= s.bytes(), "what the index promises is on disk");
            lastEnd = s.end();
        }
        assertTrue(events.size() >= 4, events.toString());
        assertTrue(lastEnd > T0 + 1_400 && lastEnd < T0 + 2_000, "the last picture waits for the next to know its length: " + (lastEnd - T0));
        w.close();
    }

    @Test
    void aBreakEndsTheFileAndTheNextOneWaitsForAKeyframe() throws Exception {
        List<byte[]> units = TestStreams.accessUnits(320, 240, 120, 30);
        SegmentWriter w = writer(60_000, 1_000);
        RtpPictures rtp = new RtpPictures(1);
        feed(w, rtp, units, 0, 45, 0, T0);
        w.close(); // what a Work.Break does
        // The camera is back 10 s later, mid-group: pictures up to the next keyframe cannot start a file.
        long back = T0 + 10_000;
        for (int i = 45; i < 60; i++) {
            assertFalse(w.picture(rtp.frame(units.get(i), i * 3000L + 900_000, back + (i - 45) * 33L)));
        }
        feed(w, rtp, units, 60, 120, 60 * 3000L + 900_000, back + 15 * 33L);
        w.close();
        List<Segment> closed = latest.values().stream().toList();
        assertEquals(2, closed.size());
        assertEquals(1_500, closed.get(0).durationMillis(), 1);
        assertEquals(back + 15 * 33L, closed.get(1).start());
        assertEquals(2, Recordings.spans(closed).size(), "the gap shows as a gap");
    }

    @Test
    void picturesThatComeLateAfterAStallStartANewFile() throws Exception {
        List<byte[]> units = TestStreams.accessUnits(320, 240, 90, 30);
        SegmentWriter w = writer(60_000, 1_000);
        RtpPictures rtp = new RtpPictures(1);
        feed(w, rtp, units, 0, 30, 0, T0);
        // RTP time runs on (a relay keeps it continuous across a camera's reconnect) but 20 s passed.
        feed(w, rtp, units, 30, 90, 30 * 3000L, T0 + 21_000);
        w.close();
        List<Segment> closed = latest.values().stream().toList();
        assertEquals(2, closed.size());
        assertEquals(T0 + 21_000, closed.get(1).start());
    }

    @Test
    void aNewPictureSizeStartsANewFile() throws Exception {
        List<byte[]> small = TestStreams.accessUnits(320, 240, 30, 30);
        List<byte[]> large = TestStreams.accessUnits(640, 480, 30, 30);
        SegmentWriter w = writer(60_000, 1_000);
        RtpPictures rtp = new RtpPictures(1);
        feed(w, rtp, small, 0, 30, 0, T0);
        feed(w, rtp, large, 0, 30, 30 * 3000L, T0 + 1_000);
        w.close();
        List<Segment> closed = latest.values().stream().toList();
        assertEquals(2, closed.size());
        assertEquals(640, Ffmpeg.probe(closed.get(1).path()).get("streams").get(0).get("width").asInt());
        assertEquals(T0 + 1_000, closed.get(1).start());
    }

    /**
     * A camera with sound: 10 s of pictures at 30 fps and of 20 ms Opus packets, which start before the first picture
     * and miss one second in the middle. Each file has an Opus track as long as its pictures, that ffmpeg decodes
     * without an error; the missing second is silence at its place; the tone plays around it.
     */
    @Test
    void soundIsRecordedInStepWithThePicturesAndAHoleInItIsSilence() throws Exception {
        Ffmpeg.assumePresent();
        List<byte[]> units = TestStreams.accessUnits(320, 240, 300, 30);
        List<byte[]> opus = dev.camgate.media.mp4.TestOpus.packets(11, 440);
        SegmentWriter w = writer(6_000, 500);
        RtpPictures rtp = new RtpPictures(1);
        long audio0 = 0xFFFF_FFFFL - 100_000; // the audio clock wraps on the way too
        long video0 = 123_456;
        int k = 0;
        for (int i = 0; i < 300; i++) {
            long wall = T0 + i * 100L / 3;
            // Audio due by this picture's time, from 100 ms before the first picture.
            for (; k < opus.size() && T0 - 100 + k * 20L <= wall; k++) {
                long at = T0 - 100 + k * 20L;
                if (at >= T0 + 4_000 && at < T0 + 5_000) {
                    continue; // lost on the way
                }
                w.audio(new Work.Audio(opus.get(k), (audio0 + k * 960L) & 0xFFFF_FFFFL, at));
            }
            w.picture(rtp.frame(units.get(i), (video0 + (long) i * TestStreams.FRAME_90K) & 0xFFFF_FFFFL, wall));
        }
        w.close();
        List<Path> files = files();
        assertEquals(2, files.size(), files.toString());
        double fileStart = 0;
        java.util.List<Double> lengths = new ArrayList<>();
        for (Path f : files) {
            JsonNode probe = Ffmpeg.probe(f);
            JsonNode v = probe.get("streams").get(0);
            JsonNode a = probe.get("streams").get(1);
            assertEquals("h264", v.get("codec_name").asString());
            assertEquals("opus", a.get("codec_name").asString(), probe.toString());
            assertEquals(48000, a.get("sample_rate").asInt());
            double videoSeconds = v.get("nb_read_frames").asInt() / 30.0;
            assertEquals(videoSeconds, a.get("duration").asDouble(), 0.03, "the sound lasts as long as the pictures in " + f);
            assertEquals("", Ffmpeg.decodeErrors(f), f.toString());
            lengths.add(videoSeconds);
        }
        assertEquals(List.of(6.0, 4.0), lengths);
        short[] first = Ffmpeg.pcm(files.get(0));
        assertTrue(Ffmpeg.rms(first, 0.2, 3.9) > 1000, "the tone before the hole: " + Ffmpeg.rms(first, 0.2, 3.9));
        assertTrue(Ffmpeg.rms(first, 4.1, 4.9) < 50, "silence in the hole: " + Ffmpeg.rms(first, 4.1, 4.9));
        assertTrue(Ffmpeg.rms(first, 5.1, 6.0) > 1000, "the tone after it: " + Ffmpeg.rms(first, 5.1, 6.0));
        short[] second = Ffmpeg.pcm(files.get(1));
        assertTrue(Ffmpeg.rms(second, 0.05, 3.9) > 1000, "the tone goes on into the next file: " + Ffmpeg.rms(second, 0.05, 3.9));
        assertEquals(0, w.audioDropped(), "a clean stream has no packet that overlaps another");

        // Read back: each fragment's sound follows the last one's without a hole, and a clip of both files keeps it.
        List<java.nio.channels.FileChannel> open = new ArrayList<>();
        List<dev.camgate.media.mp4.ClipWriter.Source> sources = new ArrayList<>();
        dev.camgate.media.mp4.VideoTrack track = null;
        try {
            for (Path f : files) {
                java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f);
                open.add(ch);
                dev.camgate.media.mp4.SegmentScan scan = dev.camgate.media.mp4.Mp4Scanner.scan(ch);
                assertEquals(dev.camgate.media.mp4.OpusTrack.webRtc(), scan.audio());
                track = track == null ? scan.track() : track;
                long next = 0;
                List<dev.camgate.media.mp4.SampleRef> video = new ArrayList<>();
                List<dev.camgate.media.mp4.SampleRef> sound = new ArrayList<>();
                for (dev.camgate.media.mp4.Fragment fr : scan.fragments()) {
                    if (fr.audioSamples() > 0) {
                        assertEquals(next, fr.audioBaseDecodeTime(), "fragment at " + fr.offset() + " of " + f);
                        next = fr.audioBaseDecodeTime() + fr.audioDuration();
                    }
                    video.addAll(dev.camgate.media.mp4.Mp4Scanner.samples(ch, fr));
                    sound.addAll(dev.camgate.media.mp4.Mp4Scanner.audioSamples(ch, fr));
                }
                assertEquals(scan.duration() * 48_000 / 90_000, next, 480, "audio as long as the video in " + f);
                sources.add(new dev.camgate.media.mp4.ClipWriter.Source(ch, video, sound));
            }
            Path clip = dir.resolve("clip.mp4");
            try (var out = java.nio.channels.FileChannel.open(clip, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                dev.camgate.media.mp4.ClipWriter.write(track, dev.camgate.media.mp4.OpusTrack.webRtc(), sources, out);
            }
            assertEquals(dev.camgate.media.mp4.ClipWriter.size(track, dev.camgate.media.mp4.OpusTrack.webRtc(), sources), Files.size(clip));
            JsonNode probe = Ffmpeg.probe(clip);
            assertEquals("opus", probe.get("streams").get(1).get("codec_name").asString());
            assertEquals(10.0, probe.get("streams").get(1).get("duration").asDouble(), 0.05);
            assertEquals("", Ffmpeg.decodeErrors(clip));
            short[] pcm = Ffmpeg.pcm(clip);
            assertTrue(Ffmpeg.rms(pcm, 4.1, 4.9) < 50 && Ffmpeg.rms(pcm, 6.1, 9.9) > 1000, "the clip keeps the sound in its place");
        } finally {
            for (var ch : open) {
                ch.close();
            }
        }
    }

    /** Sound that starts after the first keyframe ends the silent file at the next keyframe, not a segment later. */
    @Test
    void soundThatStartsLateStartsAFileWithSoundAtTheNextKeyframe() throws Exception {
        Ffmpeg.assumePresent();
        List<byte[]> units = TestStreams.accessUnits(320, 240, 150, 30);
        List<byte[]> opus = dev.camgate.media.mp4.TestOpus.packets(5, 440);
        SegmentWriter w = writer(60_000, 500);
        RtpPictures rtp = new RtpPictures(1);
        int k = 0;
        for (int i = 0; i < 150; i++) {
            long wall = T0 + i * 100L / 3;
            for (; k < opus.size() && T0 + 300 + k * 20L <= wall; k++) {
                w.audio(new Work.Audio(opus.get(k), k * 960L, T0 + 300 + k * 20L));
            }
            w.picture(rtp.frame(units.get(i), (long) i * TestStreams.FRAME_90K, wall));
        }
        w.close();
        List<Path> files = files();
        assertEquals(2, files.size(), files.toString());
        assertEquals(1, Ffmpeg.probe(files.get(0)).get("streams").size(), "the first second has no sound");
        assertEquals(1.0, Ffmpeg.probe(files.get(0)).get("format").get("duration").asDouble(), 0.04);
        JsonNode second = Ffmpeg.probe(files.get(1));
        assertEquals("opus", second.get("streams").get(1).get("codec_name").asString());
        assertEquals(4.0, second.get("streams").get(1).get("duration").asDouble(), 0.03);
    }

    /**
     * A keyframe that comes half a second late (a large one behind the camera's pacer) at a rotation: the next file
     * starts where the last ended, since the RTP clock says nothing is missing; the timeline shows no hole.
     */
    @Test
    void aLateKeyframeAtARotationLeavesNoHoleInTheTimeline() throws Exception {
        List<byte[]> units = TestStreams.accessUnits(320, 240, 120, 30);
        SegmentWriter w = writer(2_000, 500);
        RtpPictures rtp = new RtpPictures(1);
        for (int i = 0; i < 120; i++) {
            long late = i >= 60 ? 500 : 0;
            w.picture(rtp.frame(units.get(i), (long) i * TestStreams.FRAME_90K, T0 + i * 100L / 3 + late));
        }
        w.close();
        List<Segment> segments = latest.values().stream().toList();
        assertEquals(2, segments.size(), segments.toString());
        assertEquals(T0 + 2_000, segments.get(0).end(), 1);
        assertEquals(segments.get(0).end(), segments.get(1).start(), "the second file starts where the first ended");
    }

    /**
     * Pictures arrive late by different amounts, as a camera's do (each keyframe 300 ms behind its pacer, and the
     * pictures queued behind it; the others 0-40 ms), the sound on time: the sound is still placed in step with the pictures, since the two are
     * tied by each path's least delay, not by whichever picture came last. A lost second of sound is silence at
     * its own place.
     */
    @Test
    void soundStaysInStepWhenPicturesArriveLateByVaryingAmounts() throws Exception {
        Ffmpeg.assumePresent();
        List<byte[]> units = TestStreams.accessUnits(320, 240, 240, 30);
        List<byte[]> opus = dev.camgate.media.mp4.TestOpus.packets(9, 440);
        SegmentWriter w = writer(60_000, 500);
        RtpPictures rtp = new RtpPictures(1);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        // Events in arrival order: pictures with their delay, audio packets on time (but for the lost second).
        java.util.TreeMap<Long, List<Runnable>> events = new java.util.TreeMap<>();
        long previous = 0;
        for (int i = 0; i < 240; i++) {
            int n = i;
            long capture = T0 + i * 100L / 3;
            // Pictures never overtake each other: the ones after a late keyframe queue behind it.
            long arrival = Math.max(previous + 1, capture + (i % 30 == 0 ? 300 : random.nextInt(41)));
            previous = arrival;
            events.computeIfAbsent(arrival * 10 + 1, k -> new ArrayList<>()).add(() -> {
                try {
                    w.picture(rtp.frame(units.get(n), (long) n * TestStreams.FRAME_90K, arrival));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        for (int k = 0; k < 400; k++) {
            long capture = T0 + k * 20L;
            if (capture >= T0 + 4_000 && capture < T0 + 5_000) {
                continue;
            }
            Work.Audio a = new Work.Audio(opus.get(k), 5_000 + k * 960L, capture);
            events.computeIfAbsent(capture * 10, x -> new ArrayList<>()).add(() -> w.audio(a));
        }
        events.values().forEach(list -> list.forEach(Runnable::run));
        w.close();
        List<Path> files = files();
        assertEquals(1, files.size(), files.toString());
        assertEquals("", Ffmpeg.decodeErrors(files.get(0)));
        short[] pcm = Ffmpeg.pcm(files.get(0));
        assertTrue(Ffmpeg.rms(pcm, 3.0, 3.95) > 1000, "the tone before the hole: " + Ffmpeg.rms(pcm, 3.0, 3.95));
        assertTrue(Ffmpeg.rms(pcm, 4.06, 4.94) < 50, "silence in the hole, at its place: " + Ffmpeg.rms(pcm, 4.06, 4.94));
        assertTrue(Ffmpeg.rms(pcm, 5.06, 7.5) > 1000, "the tone after it: " + Ffmpeg.rms(pcm, 5.06, 7.5));
    }
}
