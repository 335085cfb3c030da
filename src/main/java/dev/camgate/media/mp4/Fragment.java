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
 * @param audioBaseDecodeTime decode time of its first audio sample, in the audio track's timescale (0 without)
 * @param audioDuration  the sum of its audio sample durations (0 without audio)
 * @param audioSamples   its audio sample count (0 without audio)
 */
public record Fragment(long offset, long size, long baseDecodeTime, long duration, int samples,
        boolean startsWithSync, long audioBaseDecodeTime, long audioDuration, int audioSamples) {

    /** A fragment of video alone. */
    public Fragment(long offset, long size, long baseDecodeTime, long duration, int samples, boolean startsWithSync) {
        this(offset, size, baseDecodeTime, duration, samples, startsWithSync, 0, 0, 0);
    }

    /** The file offset just past its mdat. */
    public long end() {
        return offset + size;
    }
}
