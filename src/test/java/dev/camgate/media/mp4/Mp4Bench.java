package dev.camgate.media.mp4;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Rough speeds of the package, not a test: {@code java -cp target/classes:target/test-classes:DEPS
 * dev.camgate.media.mp4.Mp4Bench [DIR]}. An hour-long segment (3600 fragments of 30 samples) is written sparse,
 * headers only, since the scanner never reads mdat bodies.
 */
public final class Mp4Bench {
    private Mp4Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of("/tmp"), "mp4bench");
        List<byte[]> aus = TestStreams.accessUnits(320, 240, 90, 15);
        long bytes = 0;
        for (byte[] au : aus) {
            bytes += au.length;
        }
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            int reps = 200;
            for (int r = 0; r < reps; r++) {
                for (byte[] au : aus) {
                    Fmp4.annexBToAvcc(au, 0, au.length);
                }
            }
            double s = (System.nanoTime() - t) / 1e9;
            System.out.printf("annexBToAvcc: %.0f access units/s, %.0f MB/s%n", reps * aus.size() / s, reps * bytes / s / 1e6);
        }
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            samples.add(new Sample(new byte[0], 0, 2000 + i, 3000, i == 0));
        }
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            int n = 200_000;
            long sink = 0;
            for (int i = 0; i < n; i++) {
                sink += Fmp4.fragmentHeader(i, i * 90_000L, samples).length;
            }
            System.out.printf("fragmentHeader (30 samples): %.2f us each (%d)%n", (System.nanoTime() - t) / 1e3 / n, sink % 7);
        }
        Path seg = dir.resolve("hour.mp4");
        VideoTrack track = TestSegments.track(aus, 320, 240);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            byte[] init = Fmp4.init(track);
            ch.write(ByteBuffer.wrap(init));
            long pos = init.length;
            for (int f = 0; f < 3600; f++) {
                byte[] h = Fmp4.fragmentHeader(f + 1, f * 90_000L, samples);
                ch.write(ByteBuffer.wrap(h), pos);
                pos += h.length;
                for (Sample s : samples) {
                    pos += s.length();
                }
            }
            ch.write(ByteBuffer.allocate(1), pos - 1);
        }
        try (FileChannel ch = FileChannel.open(seg)) {
            for (int round = 0; round < 5; round++) {
                long t = System.nanoTime();
                SegmentScan scan = Mp4Scanner.scan(ch);
                long scanNs = System.nanoTime() - t;
                t = System.nanoTime();
                int refs = 0;
                for (Fragment f : scan.fragments()) {
                    refs += Mp4Scanner.samples(ch, f).size();
                }
                long samplesNs = System.nanoTime() - t;
                System.out.printf("scan of a 1 h segment (%d fragments, %.0f MB): %.1f ms; samples() for all: %.1f ms"
                        + " (%d refs)%n", scan.fragments().size(), ch.size() / 1e6, scanNs / 1e6, samplesNs / 1e6, refs);
            }
        }
        // A 60 s clip copied from a real segment of 3 s, twenty times over.
        Path real = dir.resolve("real.mp4");
        TestSegments.write(real, aus, 320, 240, 0, 90, 0, 30);
        try (FileChannel ch = FileChannel.open(real)) {
            List<SampleRef> all = new ArrayList<>();
            for (Fragment f : Mp4Scanner.scan(ch).fragments()) {
                all.addAll(Mp4Scanner.samples(ch, f));
            }
            List<ClipWriter.Source> sources = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sources.add(new ClipWriter.Source(ch, all));
            }
            for (int round = 0; round < 3; round++) {
                Path clip = dir.resolve("clip" + round + ".mp4");
                long t = System.nanoTime();
                long size = ClipWriter.size(track, sources);
                try (FileChannel out = FileChannel.open(clip, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    ClipWriter.write(track, sources, out);
                }
                double s = (System.nanoTime() - t) / 1e9;
                System.out.printf("clip of 60 s (%d samples, %.1f MB): %.1f ms, %.0f MB/s%n", 20 * all.size(), size / 1e6,
                        s * 1e3, size / s / 1e6);
                Files.delete(clip);
            }
        }
        Files.delete(seg);
        Files.delete(real);
        Files.delete(dir);
    }
}
