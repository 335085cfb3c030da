package dev.camgate.camera.ayame;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraType;
import dev.camgate.camera.dialin.SeatedCamera;
import dev.camgate.config.CameraConfig;

/** {@code type: ayame}: Momo in ayame mode ({@code momo ayame --signaling-url ws://HUB:41337/signaling --room-id ID --signaling-key KEY}). */
public final class AyameCameraType implements CameraType {
    public static final String NAME = "ayame";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Momo in ayame mode, or any Ayame client that sends video: it dials in to /signaling with its key and serves one viewer at a time.";
    }

    @Override
    public java.util.List<dev.camgate.camera.CameraOption> options() {
        return java.util.List.of();
    }

    @Override
    public void validate(CameraConfig config) {
        dev.camgate.camera.CameraOption.refuseUnknown(config, options());
        SeatedCamera.checkConfig(config);
    }

    @Override
    public Camera create(CameraConfig config, CameraContext context) {
        return new AyameCamera(config.id(), config.name(), config.key(), context.clock());
    }
}
