package dev.camgate.media.mp4;

/**
 * One moof+mdat pair of a segment file, as {@link Mp4Scanner#scan} found it.
 *
 * @param offset         file offset of the moof box
 * @param size           bytes of the moof and its mdat together
 * @param baseDecodeTime decode time of its first sample (tfdt), in track timescale units
 * @param duration       the sum of its sample durations
 * @param samples        its sample count
 * @param startsWithSync whether its first sample is a sync sample
 */
public record Fragment(long offset, long size, long baseDecodeTime, long duration, int samples,
        boolean startsWithSync) {

    /** The file offset just past its mdat. */
    public long end() {
        return offset + size;
    }
}
