package dev.camgate.media.sfu;

import java.util.List;

/**
 * A copy of the packets of the latest keyframe a {@link Feed} holds (whole RTP packets, in sequence order),
 * made by {@link Feed#copyKeyframe}: the copy belongs to the caller and may go to another thread.
 *
 * @param sequence     the extended sequence number of its first packet: with {@code timestamp}, which keyframe it is
 * @param timestamp    its RTP timestamp
 * @param arrivalNanos when its first packet arrived, on the feed's clock
 * @param packets      the packets; empty when the caller said it has this keyframe already
 */
public record KeyframeCopy(long sequence, long timestamp, long arrivalNanos, List<byte[]> packets) {
    public KeyframeCopy {
        packets = List.copyOf(packets);
    }

    /** Whether this is the keyframe named by {@code sequence} and {@code timestamp}. */
    public boolean is(long otherSequence, long otherTimestamp) {
        return sequence == otherSequence && timestamp == otherTimestamp;
    }
}
