package dev.camgate.camera;

import java.util.List;

/**
 * What camgate sees of a relayed camera's stream, refreshed once a second: for /api/cameras, the dashboard
 * and /metrics. Counters are totals since camgate started relaying the camera.
 *
 * @param live              camgate receives the camera's media now
 * @param codec             e.g. "H264", null before the camera's first SDP
 * @param bitrate           bits per second arriving from the camera, last whole second
 * @param keyframeIntervalMillis time between the last two keyframes
 * @param nacksSent         packets camgate asked the camera to resend
 * @param keyframeRequests  PLIs camgate sent the camera
 */
public record RelayInfo(boolean live, String codec, long bitrate, int frameRate, int width, int height,
                        long keyframeIntervalMillis, long packets, long bytes, long lost, long nacksSent,
                        long keyframeRequests, long keyframes, List<Viewer> viewers) {

    /** One viewer's copy of the video. */
    public record Viewer(String id, long packets, long bytes, long bitrate, long drops, long skips, long nacksReceived,
                         long nacksAnswered, int fractionLost) {
    }

    public static final RelayInfo NONE = new RelayInfo(false, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
}
