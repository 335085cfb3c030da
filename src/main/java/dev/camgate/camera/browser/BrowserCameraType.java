package dev.camgate.camera.browser;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraType;
import dev.camgate.camera.dialin.SeatedCamera;
import dev.camgate.config.CameraConfig;

/** {@code type: browser}: a browser on /publish, serving several viewers at once. Option: {@code max_viewers} (default 10). */
public final class BrowserCameraType implements CameraType {
    public static final String NAME = "browser";
    public static final int DEFAULT_MAX_VIEWERS = 10;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(CameraConfig config) {
        SeatedCamera.checkConfig(config);
        maxViewers(config);
    }

    @Override
    public Camera create(CameraConfig config, CameraContext context) {
        return new BrowserCamera(config.id(), config.name(), config.key(), false, maxViewers(config), context.clock(), c -> {
        });
    }

    private static int maxViewers(CameraConfig config) {
        return config.intOption("max_viewers", DEFAULT_MAX_VIEWERS, 1, 100);
    }
}
