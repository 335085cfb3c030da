package dev.camgate.camera.momo;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraType;
import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.config.CameraConfig;

/**
 * {@code type: momo}: Momo in p2p mode ({@code ./momo --no-audio-device p2p}, {@code test} before 2025.1),
 * dialled at {@code url: ws://PI:8080/ws}. Options: {@code max_viewers} (default 4: each viewer is one
 * more encode on the Pi), {@code connect_timeout}, {@code answer_timeout}, {@code presence_interval}.
 */
public final class MomoCameraType implements CameraType {
    public static final String NAME = "momo";
    static final int DEFAULT_MAX_VIEWERS = 4;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Momo in p2p (\"test\") mode, waiting at ws://PI:8080/ws: camgate dials it once per viewer.";
    }

    @Override
    public java.util.List<dev.camgate.camera.CameraOption> options() {
        return DialledCamera.withCommonOptions(new dev.camgate.camera.CameraOption("max_viewers", String.valueOf(DEFAULT_MAX_VIEWERS), "Viewers at once (1 to 32); each is one more encode on the Pi."));
    }

    @Override
    public void validate(CameraConfig config) {
        dev.camgate.camera.CameraOption.refuseUnknown(config, options());
        DialledCamera.checkConfig(config, "/ws");
        maxViewers(config);
    }

    @Override
    public Camera create(CameraConfig config, CameraContext context) {
        return new MomoCamera(config, context, maxViewers(config));
    }

    private static int maxViewers(CameraConfig config) {
        return config.intOption("max_viewers", DEFAULT_MAX_VIEWERS, 1, 32);
    }
}
