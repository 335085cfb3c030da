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
    public String summary() {
        return "camgate's /publish page in any browser with a webcam: it dials in with its key and serves several viewers at once.";
    }

    @Override
    public java.util.List<dev.camgate.camera.CameraOption> options() {
        return java.util.List.of(new dev.camgate.camera.CameraOption("max_viewers", String.valueOf(DEFAULT_MAX_VIEWERS), "Viewers at once (1 to 100); each is one more encode in the browser."));
    }

    @Override
    public void validate(CameraConfig config) {
        dev.camgate.camera.CameraOption.refuseUnknown(config, options());
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
