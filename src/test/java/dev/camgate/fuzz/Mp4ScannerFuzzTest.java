package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.mp4.Fragment;
import dev.camgate.media.mp4.Mp4Exception;
import dev.camgate.media.mp4.Mp4Scanner;
import dev.camgate.media.mp4.SampleRef;
import dev.camgate.media.mp4.SegmentScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Any file's bytes through {@link Mp4Scanner#scan} and, for each fragment it finds and for one made-up fragment at
 * an offset taken from the input, {@link Mp4Scanner#samples}: only {@link Mp4Exception} (with a message) escapes.
 * What a scan returns is consistent: fragments in order inside {@code [initLength, validLength]}, validLength the
 * file's size unless truncated, and each fragment's samples inside it, adding up to its count, duration and first
 * sync flag, and likewise for its sound. Seeds (Mp4ScannerFuzzTestInputs/scan/): a tiny two-fragment segment from
 * {@code Fmp4}, the same cut inside its second fragment, with a zero-filled tail, and one with an Opus track.
 */
class Mp4ScannerFuzzTest {
    private static Path file;

    @FuzzTest(maxDuration = "5m")
    void scan(byte[] data) throws IOException {
        Path f = file();
        Files.write(f, data);
        try (FileChannel ch = FileChannel.open(f)) {
            check(ch, data);
            if (data.length >= 4) {
                long offset = ((data[0] & 0xFFL) << 24 | (data[1] & 0xFF) << 16 | (data[2] & 0xFF) << 8 | data[3] & 0xFF)
                        % (data.length + 16L);
                try {
                    Mp4Scanner.samples(ch, new Fragment(offset, 100, 0, 0, data[0], true));
                    Mp4Scanner.audioSamples(ch, new Fragment(offset, 100, 0, 0, 1, true, 0, 0, data[0]));
                } catch (Mp4Exception e) {
                    assertMessage(e);
                }
            }
        }
    }

    private static void check(FileChannel ch, byte[] data) throws IOException {
        SegmentScan scan;
        try {
            scan = Mp4Scanner.scan(ch);
        } catch (Mp4Exception e) {
            assertMessage(e);
            return;
        }
        assertTrue(scan.initLength() > 0 && scan.initLength() <= scan.validLength());
        assertTrue(scan.validLength() <= data.length);
        assertEquals(!scan.truncated(), scan.validLength() == data.length);
        long at = scan.initLength();
        for (Fragment fr : scan.fragments()) {
            assertTrue(fr.offset() >= at && fr.size() > 0 && fr.end() <= scan.validLength(), fr.toString());
            at = fr.end();
            List<SampleRef> refs;
            try {
                refs = Mp4Scanner.samples(ch, fr);
            } catch (Mp4Exception e) {
                throw new AssertionError("samples() refuses a fragment scan() found: " + fr, e);
            }
            assertEquals(fr.samples(), refs.size());
            long duration = 0;
            for (SampleRef r : refs) {
                assertTrue(r.offset() >= fr.offset() && r.size() >= 0 && r.offset() + r.size() <= fr.end(), r.toString());
                duration += r.duration();
            }
            assertEquals(fr.duration(), duration);
            assertEquals(fr.startsWithSync(), refs.get(0).sync());
            List<SampleRef> sound;
            try {
                sound = Mp4Scanner.audioSamples(ch, fr);
            } catch (Mp4Exception e) {
                throw new AssertionError("audioSamples() refuses a fragment scan() found: " + fr, e);
            }
            assertEquals(fr.audioSamples(), sound.size());
            assertTrue(fr.audioSamples() == 0 || scan.audio() != null, "sound in a file without a sound track: " + fr);
            duration = 0;
            for (SampleRef r : sound) {
                assertTrue(r.offset() >= fr.offset() && r.size() >= 0 && r.offset() + r.size() <= fr.end(), r.toString());
                duration += r.duration();
            }
            assertEquals(fr.audioDuration(), duration);
        }
    }

    private static void assertMessage(Mp4Exception e) {
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().isBlank(), "an Mp4Exception must say what was wrong");
    }

    private static synchronized Path file() {
        if (file == null) {
            try {
                file = Files.createTempFile("mp4fuzz", ".mp4");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            file.toFile().deleteOnExit();
        }
        return file;
    }
}
