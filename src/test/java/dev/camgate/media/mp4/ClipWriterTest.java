package dev.camgate.media.mp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A progressive clip cut from two segment files. */
class ClipWriterTest {
    static final int W = 320;
    static final int H = 240;

    @TempDir
    Path dir;

    @Test
    void aClipOverTwoSegmentsPlaysFromZero() throws Exception {
        Ffmpeg.assumePresent();
        List<byte[]> aus = TestStreams.accessUnits(W, H, 120, 15);
        Path a = dir.resolve("a.mp4");
        Path b = dir.resolve("b.mp4");
        TestSegments.write(a, aus, W, H, 0, 60, 0, 30);
        // The second segment continues the first's decode times, as a recorder's next segment does.
        TestSegments.write(b, aus, W, H, 60, 120, 60L * TestStreams.FRAME_90K, 30);
        Path clip = dir.resolve("clip.mp4");
        try (FileChannel fa = FileChannel.open(a); FileChannel fb = FileChannel.open(b);
                FileChannel out = FileChannel.open(clip, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // From the keyframe at frame 15 to frame 104: 90 frames, 3 s.
            List<SampleRef> fromA = all(fa).subList(15, 60);
            List<SampleRef> fromB = all(fb).subList(0, 45);
            List<ClipWriter.Source> sources = List.of(new ClipWriter.Source(fa, fromA), new ClipWriter.Source(fb, fromB));
            VideoTrack track = Mp4Scanner.scan(fa).track();
            long size = ClipWriter.size(track, sources);
            ClipWriter.write(track, sources, out);
            assertEquals(size, out.size());
        }
        byte[] bytes = Files.readAllBytes(clip);
        assertTrue(SegmentTest.indexOf(bytes, "moov") < SegmentTest.indexOf(bytes, "mdat"), "moov before mdat");
        JsonNode probe = Ffmpeg.probe(clip);
        JsonNode video = probe.get("streams").get(0);
        assertEquals("h264", video.get("codec_name").asString());
        assertEquals(W, video.get("width").asInt());
        assertEquals(H, video.get("height").asInt());
        assertEquals(90, video.get("nb_read_frames").asInt());
        assertEquals(90, video.get("nb_frames").asInt());
        assertEquals(0.0, video.get("start_time").asDouble());
        assertEquals(3.0, video.get("duration").asDouble(), 1e-9);
        assertEquals(3.0, probe.get("format").get("duration").asDouble(), 1.0 / 30);
        assertEquals("", Ffmpeg.decodeErrors(clip));
        // A clip and its segments decode to the same pictures: compare with the same frames from the segment.
        assertEquals(framesMd5(clip, 90), framesMd5Concat(a, b, 15, 90));
    }

    @Test
    void aClipMustStartAtASyncSample() throws Exception {
        List<byte[]> aus = TestStreams.accessUnits(W, H, 90, 15);
        Path a = dir.resolve("a.mp4");
        TestSegments.write(a, aus, W, H, 0, 60, 0, 30);
        try (FileChannel fa = FileChannel.open(a)) {
            VideoTrack track = Mp4Scanner.scan(fa).track();
            List<ClipWriter.Source> sources = List.of(new ClipWriter.Source(fa, all(fa).subList(1, 10)));
            assertThrows(IllegalArgumentException.class, () -> ClipWriter.size(track, sources));
            assertThrows(IllegalArgumentException.class, () -> ClipWriter.size(track, List.of()));
        }
    }

    @Test
    void aSourceCutShortSinceItsScanIsAnIoError() throws Exception {
        List<byte[]> aus = TestStreams.accessUnits(W, H, 90, 15);
        Path a = dir.resolve("a.mp4");
        TestSegments.write(a, aus, W, H, 0, 60, 0, 30);
        try (FileChannel fa = FileChannel.open(a, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            VideoTrack track = Mp4Scanner.scan(fa).track();
            List<ClipWriter.Source> sources = List.of(new ClipWriter.Source(fa, all(fa)));
            fa.truncate(fa.size() - 100);
            var sink = new java.io.ByteArrayOutputStream();
            assertThrows(java.io.IOException.class,
                    () -> ClipWriter.write(track, sources, java.nio.channels.Channels.newChannel(sink)));
        }
    }

    static List<SampleRef> all(FileChannel f) throws Exception {
        List<SampleRef> refs = new ArrayList<>();
        for (Fragment fr : Mp4Scanner.scan(f).fragments()) {
            refs.addAll(Mp4Scanner.samples(f, fr));
        }
        return refs;
    }

    /** The MD5 of the decoded pictures, via ffmpeg's framemd5 muxer, without the header lines. */
    private String framesMd5(Path file, int frames) throws Exception {
        Path out = dir.resolve(file.getFileName() + ".md5");
        Ffmpeg.run("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-frames:v", String.valueOf(frames),
                "-f", "framemd5", out.toString());
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out)) {
            if (!l.startsWith("#")) {
                lines.add(l.substring(l.lastIndexOf(',') + 1).trim());
            }
        }
        return String.join("\n", lines);
    }

    private String framesMd5Concat(Path a, Path b, int skip, int frames) throws Exception {
        String all = framesMd5(a, 1000) + "\n" + framesMd5(b, 1000);
        List<String> lines = List.of(all.split("\n"));
        return String.join("\n", lines.subList(skip, skip + frames));
    }
}
