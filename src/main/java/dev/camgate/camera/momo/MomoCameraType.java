package dev.camgate.camera.momo;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraOption;
import dev.camgate.camera.CameraType;
import dev.camgate.camera.OptionValues;
import dev.camgate.camera.dialout.DialOptions;
import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.config.CameraConfig;
import io.netty.channel.EventLoop;

/**
 * {@code type: momo}: Momo in p2p mode ({@code ./momo --no-audio-device p2p}, {@code test} before 2025.1),
 * dialled at {@code url: ws://PI:8080/ws}.
 */
public final class MomoCameraType extends CameraType<MomoCameraType.Options> {
    public static final String NAME = "momo";
    /** Each viewer is one more encode on the Pi. */
    private static final CameraOption<Integer> MAX_VIEWERS = CameraOption.whole("max_viewers", 4, 1, 32,
            "Viewers at once (1 to 32); each is one more encode on the Pi.");

    record Options(int maxViewers, DialOptions dial) {
    }

    public MomoCameraType() {
        super(NAME, "Momo in p2p (\"test\") mode, waiting at ws://PI:8080/ws: camgate dials it once per viewer.",
                c -> DialledCamera.checkConfig(c, "/ws"), DialOptions.after(MAX_VIEWERS));
    }

    @Override
    protected Options read(OptionValues values) {
        DialOptions dial = DialOptions.read(values);
        return new Options(values.get(MAX_VIEWERS), dial);
    }

    @Override
    protected Camera create(CameraConfig config, Options options, CameraContext context, EventLoop loop) {
        return new MomoCamera(config, context, loop, options.dial(), options.maxViewers());
    }
}
