package dev.camgate.media.mp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A segment file written with {@link Fmp4}, checked by ffprobe/ffmpeg and read back by {@link Mp4Scanner}. */
class SegmentTest {
    static final int W = 320;
    static final int H = 240;
    static final int FRAMES = 90;
    static List<byte[]> aus;

    @TempDir
    Path dir;

    @BeforeAll
    static void encode() {
        aus = TestStreams.accessUnits(W, H, FRAMES, 15);
    }

    private TestSegments.Written segment(Path file) throws Exception {
        return TestSegments.write(file, aus, W, H, 0, FRAMES, 0, 30);
    }

    @Test
    void theEncoderMakesPFramesAndAnIdrEvery15() {
        for (int i = 0; i < FRAMES; i++) {
            assertEquals(i % 15 == 0, TestStreams.isIdr(aus.get(i)), "frame " + i);
            int type = TestStreams.nalUnits(aus.get(i)).getLast()[0] & 0x1F;
            assertEquals(i % 15 == 0 ? 5 : 1, type, "frame " + i);
        }
    }

    @Test
    void ffprobeReadsTheSegment() throws Exception {
        Ffmpeg.assumePresent();
        Path file = dir.resolve("seg.mp4");
        TestSegments.Written w = segment(file);
        assertEquals(3, w.fragments().size());
        JsonNode probe = Ffmpeg.probe(file);
        JsonNode video = probe.get("streams").get(0);
        assertEquals(1, probe.get("streams").size());
        assertEquals("h264", video.get("codec_name").asString());
        assertEquals(W, video.get("width").asInt());
        assertEquals(H, video.get("height").asInt());
        assertEquals(FRAMES, video.get("nb_read_frames").asInt());
        assertEquals(3.0, probe.get("format").get("duration").asDouble(), 1.0 / 30);
        assertEquals("", Ffmpeg.decodeErrors(file));
    }

    @Test
    void theScannerReadsBackWhatWasWritten() throws Exception {
        Path file = dir.resolve("seg.mp4");
        TestSegments.Written w = segment(file);
        try (FileChannel ch = FileChannel.open(file)) {
            SegmentScan scan = Mp4Scanner.scan(ch);
            assertFalse(scan.truncated());
            assertEquals(w.length(), scan.validLength());
            assertEquals(Files.size(file), scan.validLength());
            assertEquals(w.initLength(), scan.initLength());
            assertEquals(w.fragments(), scan.fragments());
            assertEquals(FRAMES * TestStreams.FRAME_90K, scan.duration());
            for (Fragment f : scan.fragments()) {
                assertTrue(f.startsWithSync());
                assertEquals(30, f.samples());
            }
            assertEquals(W, scan.track().width());
            assertEquals(H, scan.track().height());
            assertEquals(90_000, scan.track().timescale());
            assertArrayEquals(w.track().sps(), scan.track().sps());
            assertArrayEquals(w.track().pps(), scan.track().pps());
            for (int i = 0; i < w.fragments().size(); i++) {
                List<SampleRef> refs = Mp4Scanner.samples(ch, scan.fragments().get(i));
                assertEquals(w.samples().get(i), refs);
                // The bytes at each offset are the access unit as AVCC: its first NAL length, then its header.
                int frame = 30 * i;
                for (SampleRef r : refs) {
                    byte[] expected = Fmp4.annexBToAvcc(aus.get(frame), 0, aus.get(frame).length).data();
                    ByteBuffer b = ByteBuffer.allocate(r.size());
                    ch.read(b, r.offset());
                    assertArrayEquals(expected, b.array(), "frame " + frame);
                    assertEquals(frame % 15 == 0, r.sync(), "frame " + frame);
                    frame++;
                }
            }
        }
    }

    @Test
    void aCutInsideTheLastFragmentScansAsTruncatedAtThePreviousEnd() throws Exception {
        Ffmpeg.assumePresent();
        Path file = dir.resolve("seg.mp4");
        TestSegments.Written w = segment(file);
        Fragment last = w.fragments().getLast();
        long previousEnd = last.offset();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Every cut from one byte short of the end down to one byte into the last moof.
            for (long cut = last.end() - 1; cut > previousEnd; cut--) {
                ch.truncate(cut);
                SegmentScan scan = Mp4Scanner.scan(ch);
                assertTrue(scan.truncated(), "cut at " + cut);
                assertEquals(previousEnd, scan.validLength(), "cut at " + cut);
                assertEquals(w.fragments().subList(0, 2), scan.fragments(), "cut at " + cut);
            }
            ch.truncate(previousEnd);
            SegmentScan repaired = Mp4Scanner.scan(ch);
            assertFalse(repaired.truncated());
            assertEquals(previousEnd, repaired.validLength());
        }
        JsonNode probe = Ffmpeg.probe(file);
        assertEquals(60, probe.get("streams").get(0).get("nb_read_frames").asInt());
        assertEquals(2.0, probe.get("format").get("duration").asDouble(), 1.0 / 30);
        assertEquals("", Ffmpeg.decodeErrors(file));
    }

    @Test
    void aZeroFilledTailAfterAPowerCutIsTruncation() throws Exception {
        Path file = dir.resolve("seg.mp4");
        TestSegments.Written w = segment(file);
        Fragment last = w.fragments().getLast();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // The last fragment's blocks never reached the disk: its bytes read as zeros.
            ch.write(ByteBuffer.allocate((int) last.size()), last.offset());
            SegmentScan scan = Mp4Scanner.scan(ch);
            assertTrue(scan.truncated());
            assertEquals(last.offset(), scan.validLength());
            assertEquals(2, scan.fragments().size());
            // Zeros inside the mdat of a fragment whose headers made it are the file's business, not structure.
        }
    }

    @Test
    void anInitAloneIsAnEmptySegment() throws Exception {
        Path file = dir.resolve("init.mp4");
        byte[] init = Fmp4.init(TestSegments.track(aus, W, H));
        Files.write(file, init);
        try (FileChannel ch = FileChannel.open(file)) {
            SegmentScan scan = Mp4Scanner.scan(ch);
            assertEquals(List.of(), scan.fragments());
            assertEquals(init.length, scan.initLength());
            assertEquals(init.length, scan.validLength());
            assertFalse(scan.truncated());
            assertEquals(0, scan.duration());
        }
        for (int cut = 0; cut < init.length; cut++) {
            Path part = dir.resolve("part.mp4");
            Files.write(part, java.util.Arrays.copyOf(init, cut));
            try (FileChannel ch = FileChannel.open(part)) {
                Mp4Exception e = assertThrows(Mp4Exception.class, () -> Mp4Scanner.scan(ch), "cut at " + cut);
                assertFalse(e.getMessage().isBlank());
            }
        }
    }

    @Test
    void foreignFilesAreRefused() throws Exception {
        Ffmpeg.assumePresent();
        Path progressive = dir.resolve("mpeg4.mp4");
        Ffmpeg.run("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10",
                "-c:v", "mpeg4", progressive.toString());
        Path fragmented = dir.resolve("mpeg4-frag.mp4");
        Ffmpeg.run("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10",
                "-c:v", "mpeg4", "-movflags", "frag_keyframe+empty_moov", fragmented.toString());
        Path faststart = dir.resolve("mpeg4-faststart.mp4");
        Ffmpeg.run("ffmpeg", "-nostdin", "-v", "error", "-i", progressive.toString(), "-c", "copy", "-movflags",
                "faststart", faststart.toString());
        assertRefused(progressive, "'mdat'");
        assertRefused(fragmented, "'mp4v'");
        assertRefused(faststart, "'mp4v'");
        // Our own segment with its moov's mvex removed (renamed to free) is a progressive file with no fragments.
        Path noMvex = dir.resolve("no-mvex.mp4");
        segment(noMvex);
        byte[] b = Files.readAllBytes(noMvex);
        int at = indexOf(b, "mvex");
        b[at] = 'f';
        b[at + 1] = 'r';
        b[at + 2] = 'e';
        b[at + 3] = 'e';
        Files.write(noMvex, b);
        assertRefused(noMvex, "'mvex'");
    }

    @Test
    void junkIsRefused() throws Exception {
        Random random = new Random(7);
        for (int n : new int[] {0, 1, 7, 8, 100, 65536}) {
            byte[] junk = new byte[n];
            random.nextBytes(junk);
            Path file = dir.resolve("junk" + n);
            Files.write(file, junk);
            assertRefused(file, n < 8 ? "too short" : "first box");
        }
        // A file of zeros is not a segment cut short: it has no ftyp.
        Path zeros = dir.resolve("zeros");
        Files.write(zeros, new byte[4096]);
        assertRefused(zeros, "first box");
    }

    @Test
    void brokenFragmentsNameTheBox() throws Exception {
        Path file = dir.resolve("seg.mp4");
        TestSegments.Written w = segment(file);
        byte[] good = Files.readAllBytes(file);
        int moof = (int) w.fragments().get(1).offset();

        byte[] b = good.clone();
        b[moof + 4] = 'x'; // 'xoof'
        assertRefused(write(b), "'xoof' at offset " + moof);

        b = good.clone();
        int trun = indexOf(b, moof, "trun");
        putInt(b, trun + 12, 0x7FFFFFFF); // a data offset far past the mdat
        assertRefused(write(b), "outside its 'mdat' body");

        b = good.clone();
        putInt(b, trun + 8, 0x01000000); // a sample count no moof could hold
        assertRefused(write(b), "'trun' at offset " + (trun - 4));

        b = good.clone();
        int mdat = indexOf(b, moof, "mdat");
        b[mdat] = 'f'; // the moof's mdat becomes 'fdat'
        assertRefused(write(b), "not 'mdat'");
    }

    private Path write(byte[] b) throws IOException {
        Path p = Files.createTempFile(dir, "broken", ".mp4");
        Files.write(p, b);
        return p;
    }

    static void assertRefused(Path file, String messagePart) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            Mp4Exception e = assertThrows(Mp4Exception.class, () -> Mp4Scanner.scan(ch), file.toString());
            assertTrue(e.getMessage().contains(messagePart), e.getMessage() + " should say " + messagePart);
        }
    }

    static int indexOf(byte[] b, String type) {
        return indexOf(b, 0, type);
    }

    static int indexOf(byte[] b, int from, String type) {
        for (int i = from; i + 4 <= b.length; i++) {
            if (b[i] == type.charAt(0) && b[i + 1] == type.charAt(1) && b[i + 2] == type.charAt(2)
                    && b[i + 3] == type.charAt(3)) {
                return i;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static void putInt(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).putInt(at, v);
    }
}
