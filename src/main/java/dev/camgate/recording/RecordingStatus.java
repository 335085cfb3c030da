package dev.camgate.recording;

/**
 * What a recorded camera's recording is doing, for the API, the dashboard and the metrics.
 *
 * @param state    {@code waiting} (for the camera, or for its first keyframe), {@code recording}, or
 *                 {@code stopped} (the disk refused: {@code reason} says why; it resumes by itself)
 * @param since    wall-clock milliseconds of the last change of state
 * @param pictures pictures written since camgate started
 * @param dropped  pictures not written: lost on the way, behind a full queue, or while stopped
 * @param audio    whether the file being written has the camera's sound
 */
public record RecordingStatus(String state, String reason, long since, long pictures, long dropped, long bytesWritten,
                              boolean audio) {
    public static final String WAITING = "waiting";
    public static final String RECORDING = "recording";
    public static final String STOPPED = "stopped";
}
