package dev.camgate.camera.dialout;

import dev.camgate.camera.CameraOption;
import dev.camgate.camera.OptionValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The options every dialled camera has: how long camgate waits for it, and how often it checks it is there. */
public record DialOptions(Duration connectTimeout, Duration answerTimeout, Duration presenceInterval) {
    private static final CameraOption<Duration> CONNECT_TIMEOUT = CameraOption.duration("connect_timeout", Duration.ofSeconds(5),
            "How long camgate waits to reach the camera before it tells the viewer.");
    private static final CameraOption<Duration> ANSWER_TIMEOUT = CameraOption.duration("answer_timeout", Duration.ofSeconds(10),
            "How long the camera may take to send its SDP.");
    private static final CameraOption<Duration> PRESENCE_INTERVAL = CameraOption.duration("presence_interval", Duration.ofSeconds(10),
            "How often camgate checks the camera while nobody watches.");

    /** A type's own options followed by the ones every dialled camera has: the list its type declares. */
    public static List<CameraOption<?>> after(CameraOption<?>... own) {
        List<CameraOption<?>> all = new ArrayList<>(List.of(own));
        all.addAll(List.of(CONNECT_TIMEOUT, ANSWER_TIMEOUT, PRESENCE_INTERVAL));
        return List.copyOf(all);
    }

    /** Reads them from a type that declared them with {@link #after}. */
    public static DialOptions read(OptionValues values) {
        return new DialOptions(values.get(CONNECT_TIMEOUT), values.get(ANSWER_TIMEOUT), values.get(PRESENCE_INTERVAL));
    }
}
