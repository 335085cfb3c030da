package dev.camgate.camera.browser;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraOption;
import dev.camgate.camera.CameraType;
import dev.camgate.camera.OptionValues;
import dev.camgate.camera.dialin.SeatedCamera;
import dev.camgate.config.CameraConfig;
import io.netty.channel.EventLoop;
import java.util.List;

/** {@code type: browser}: a browser on /publish, serving several viewers at once. */
public final class BrowserCameraType extends CameraType<BrowserCameraType.Options> {
    public static final String NAME = "browser";
    /** Also the limit of ad-hoc browser cameras, which have no config. */
    public static final int DEFAULT_MAX_VIEWERS = 10;
    private static final CameraOption<Integer> MAX_VIEWERS = CameraOption.whole("max_viewers", DEFAULT_MAX_VIEWERS, 1, 100,
            "Viewers at once (1 to 100); each is one more encode in the browser.");

    record Options(int maxViewers) {
    }

    public BrowserCameraType() {
        super(NAME, "camgate's /publish page in any browser with a webcam: it dials in with its key and serves several viewers at once.",
                SeatedCamera::checkConfig, List.of(MAX_VIEWERS));
    }

    @Override
    protected Options read(OptionValues values) {
        return new Options(values.get(MAX_VIEWERS));
    }

    @Override
    protected Camera create(CameraConfig config, Options options, CameraContext context, EventLoop loop) {
        return new BrowserCamera(config.id(), config.name(), config.key(), false, options.maxViewers(), context.clock(), loop, c -> {
        });
    }
}
