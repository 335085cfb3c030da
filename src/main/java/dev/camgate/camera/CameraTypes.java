package dev.camgate.camera;

import dev.camgate.camera.ayame.AyameCameraType;
import dev.camgate.camera.browser.BrowserCameraType;
import dev.camgate.camera.momo.MomoCameraType;
import dev.camgate.camera.uv4l.Uv4lCameraType;
import dev.camgate.config.CameraConfig;
import java.util.List;
import java.util.stream.Collectors;

/** The camera kinds this build knows. A new kind is one package plus one line here. */
public final class CameraTypes {
    private static final List<CameraType<?>> ALL = List.of(new AyameCameraType(), new BrowserCameraType(),
            new MomoCameraType(), new Uv4lCameraType());

    private CameraTypes() {
    }

    public static List<CameraType<?>> all() {
        return ALL;
    }

    public static CameraType<?> of(CameraConfig config) {
        for (CameraType<?> type : ALL) {
            if (type.name().equals(config.type())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown camera type '" + config.type()
                + "' (known types: " + ALL.stream().map(CameraType::name).collect(Collectors.joining(", ")) + ")");
    }
}
