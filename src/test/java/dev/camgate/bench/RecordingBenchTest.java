package dev.camgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.mp4.Fragment;
import dev.camgate.media.mp4.Mp4Scanner;
import dev.camgate.media.mp4.SegmentScan;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The recording bench's camgate side for two cameras and about 3 s: what it recorded is read back with
 * camgate's own scanner and holds what its cameras sent. A correctness test of the bench, not a benchmark:
 * nothing about speed is asserted.
 */
class RecordingBenchTest {
    @Test
    @Timeout(60)
    void twoCamerasAreRecordedWithEveryFrame(@TempDir Path dir) throws Exception {
        RecordingBenchCommand bench = new RecordingBenchCommand();
        int rc = new CommandLine(bench).execute("--cameras", "2", "--seconds", "3", "--warmup", "0", "--dir", dir.toString(), "--keep");
        assertEquals(0, rc);
        assertEquals(1, bench.results.size());
        RecordingBenchCommand.Step step = bench.results.get(0);
        assertEquals(2, step.files(), "one file per camera: " + step);
        Map<String, Long> frames = new TreeMap<>();
        for (Path file : step.recorded()) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                SegmentScan scan = Mp4Scanner.scan(ch);
                assertTrue(!scan.truncated(), file + " was closed whole");
                assertEquals(640, scan.track().width());
                assertEquals(368, scan.track().height());
                long n = scan.fragments().stream().mapToLong(Fragment::samples).sum();
                frames.merge(file.getParent().getFileName().toString(), n, Long::sum);
            }
        }
        assertEquals(2, frames.size(), frames.toString());
        long sentPerCamera = step.framesSent() / 2;
        // About 3 s at 30 frames/s; the cameras are stopped together, so each sent the same to within a frame.
        assertTrue(sentPerCamera >= 80 && sentPerCamera <= 200, "the cameras ran in real time: " + step);
        for (var e : frames.entrySet()) {
            // Nothing is lost on the loop; the last picture of a camera may still be in flight when it stops.
            assertTrue(e.getValue() >= sentPerCamera - 2 && e.getValue() <= sentPerCamera + 1,
                    e.getKey() + " holds " + e.getValue() + " frames of " + sentPerCamera + " sent");
        }
        assertEquals(frames.values().stream().mapToLong(Long::longValue).sum(), step.framesRecorded());
        assertTrue(step.fragments() >= 4, "a fragment a second per camera was timed: " + step);
    }
}
