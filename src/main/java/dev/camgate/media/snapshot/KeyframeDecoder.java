package dev.camgate.media.snapshot;

import java.util.List;

/** Makes a JPEG from one keyframe's RTP packets. Called off the event loops; may take a few hundred ms. */
@FunctionalInterface
public interface KeyframeDecoder {
    Jpeg decode(List<byte[]> rtpPackets) throws SnapshotException;
}
