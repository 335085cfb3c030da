package dev.camgate.media.mp4;

import java.util.List;

/**
 * What a segment file holds, read back from disk by {@link Mp4Scanner#scan}.
 *
 * @param track       the video track from the moov
 * @param audio       the Opus track from the moov, or null when the segment has no audio
 * @param initLength  bytes of the init part (ftyp, moov and anything before the first fragment's position)
 * @param fragments   the complete fragments, in file order
 * @param validLength the file offset up to which the file is complete: the end of the last complete fragment (or
 *                    of the init when there is none); the whole file when not {@code truncated}
 * @param truncated   whether bytes after {@code validLength} are an incomplete fragment (a write cut off by a crash
 *                    or power cut, or a zero-filled tail); truncating the file to {@code validLength} repairs it
 */
public record SegmentScan(VideoTrack track, OpusTrack audio, long initLength, List<Fragment> fragments,
        long validLength, boolean truncated) {
    public SegmentScan {
        fragments = List.copyOf(fragments);
    }

    /** A segment of video alone. */
    public SegmentScan(VideoTrack track, long initLength, List<Fragment> fragments, long validLength, boolean truncated) {
        this(track, null, initLength, fragments, validLength, truncated);
    }

    /** The sum of the fragment durations, in track timescale units. */
    public long duration() {
        long d = 0;
        for (Fragment f : fragments) {
            d += f.duration();
        }
        return d;
    }
}
