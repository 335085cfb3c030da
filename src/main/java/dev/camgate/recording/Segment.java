package dev.camgate.recording;

import java.nio.file.Path;

/**
 * One recording file of one camera, as the index knows it.
 *
 * @param id    its start as a UTC stamp ({@link SegmentNames}), unique per camera and what URLs name it by
 * @param start wall-clock milliseconds of its first picture
 * @param end   wall-clock milliseconds where its last complete fragment ends
 * @param open  being written: it grows, and retention leaves it alone
 */
public record Segment(String camera, String id, long start, long end, long bytes, Path path, boolean open) {
    public long durationMillis() {
        return end - start;
    }
}
