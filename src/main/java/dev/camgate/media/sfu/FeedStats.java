package dev.camgate.media.sfu;

/**
 * A snapshot of one camera track's counters ({@link Feed#stats}).
 *
 * @param packets           packets accepted (valid, not duplicates)
 * @param bytes             their bytes, RTP header included
 * @param invalid           packets refused: not RTP, or longer than a cache slot
 * @param duplicates        packets already held, or too old to place
 * @param lost              sequence numbers given up on: not recovered within a second, made moot by a
 *                          keyframe, or from before a camera restart
 * @param recovered         gaps filled later (retransmission or reordering)
 * @param nacksSent         sequence numbers asked for again, each repeat counted
 * @param keyframeRequests  PLIs sent to the camera
 * @param keyframes         keyframes seen
 * @param keyframeIntervalMillis time between the last two keyframes, 0 until two have been seen
 * @param bitrate           bits per second over the last whole second
 * @param frameRate         frames (packets with the marker bit) over the last whole second
 * @param restarts          times the camera's stream began anew (new SSRC or a jump in sequence numbers)
 * @param gopCached         whether a joining viewer would get a picture at once
 * @param viewers           egresses attached
 */
public record FeedStats(long packets, long bytes, long invalid, long duplicates, long lost, long recovered,
        long nacksSent, long keyframeRequests, long keyframes, long keyframeIntervalMillis, long bitrate,
        int frameRate, long restarts, boolean gopCached, int viewers) {
}
