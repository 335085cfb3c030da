package dev.camgate.camera.ayame;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraType;
import dev.camgate.camera.OptionValues;
import dev.camgate.camera.dialin.SeatedCamera;
import dev.camgate.config.CameraConfig;
import io.netty.channel.EventLoop;
import java.util.List;

/** {@code type: ayame}: Momo in ayame mode ({@code momo ayame --signaling-url ws://HUB:41337/signaling --room-id ID --signaling-key KEY}). */
public final class AyameCameraType extends CameraType<CameraType.NoOptions> {
    public static final String NAME = "ayame";

    public AyameCameraType() {
        super(NAME, "Momo in ayame mode, or any Ayame client that sends video: it dials in to /signaling with its key and serves one viewer at a time.",
                SeatedCamera::checkConfig, List.of());
    }

    @Override
    protected NoOptions read(OptionValues values) {
        return new NoOptions();
    }

    @Override
    protected Camera create(CameraConfig config, NoOptions options, CameraContext context, EventLoop loop) {
        return new AyameCamera(config.id(), config.name(), config.key(), context.clock(), loop);
    }
}
