package dev.camgate.media.mp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes segment files from {@link TestStreams} access units the way a recorder does: the init, then a fragment
 * that starts at each keyframe once at least {@code minFrames} frames are pending. Returns what it wrote, for
 * checking the scanner against.
 */
final class TestSegments {
    /** What was written: the track, the init length, and per fragment its offset, size and samples. */
    record Written(VideoTrack track, long initLength, List<Fragment> fragments, List<List<SampleRef>> samples,
            long length) {
    }

    private TestSegments() {
    }

    static VideoTrack track(List<byte[]> aus, int width, int height) {
        return new VideoTrack(width, height, TestStreams.find(aus, 7), TestStreams.find(aus, 8), 90_000);
    }

    /** Writes access units {@code [from, to)} with decode times starting at {@code baseTime}. */
    static Written write(Path file, List<byte[]> aus, int width, int height, int from, int to, long baseTime,
            int minFrames) throws IOException, Mp4Exception {
        VideoTrack track = track(aus, width, height);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] init = Fmp4.init(track);
            writeFully(ch, init);
            long pos = init.length;
            List<Fragment> fragments = new ArrayList<>();
            List<List<SampleRef>> refs = new ArrayList<>();
            List<Sample> pending = new ArrayList<>();
            long time = baseTime;
            long pendingStart = time;
            int sequence = 1;
            for (int i = from; i <= to; i++) {
                Avcc a = i < to ? Fmp4.annexBToAvcc(aus.get(i), 0, aus.get(i).length) : null;
                if (!pending.isEmpty() && (a == null || a.idr() && pending.size() >= minFrames)) {
                    byte[] header = Fmp4.fragmentHeader(sequence++, pendingStart, pending);
                    List<SampleRef> sr = new ArrayList<>();
                    long at = pos + header.length;
                    long duration = 0;
                    writeFully(ch, header);
                    for (Sample s : pending) {
                        sr.add(new SampleRef(at, s.length(), s.duration(), s.sync()));
                        at += s.length();
                        duration += s.duration();
                        ch.write(ByteBuffer.wrap(s.data(), s.offset(), s.length()));
                    }
                    fragments.add(new Fragment(pos, at - pos, pendingStart, duration, pending.size(),
                            pending.get(0).sync()));
                    refs.add(sr);
                    pos = at;
                    pending.clear();
                    pendingStart = time;
                }
                if (a != null) {
                    pending.add(new Sample(a.data(), 0, a.data().length, TestStreams.FRAME_90K, a.idr()));
                    time += TestStreams.FRAME_90K;
                }
            }
            return new Written(track, init.length, fragments, refs, pos);
        }
    }

    private static void writeFully(FileChannel ch, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
