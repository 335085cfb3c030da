package dev.camgate.camera.uv4l;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraType;
import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.camera.dialout.Json;
import dev.camgate.config.CameraConfig;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code type: uv4l}: UV4L's built-in WebRTC signaling at {@code url: ws://PI:PORT/stream/webrtc}. Options sent
 * in {@code call}: {@code vformat} (default 60 = 1280x720 30 fps), {@code force_hw_vcodec} (default false),
 * {@code trickle_ice} (default true); plus {@code connect_timeout}, {@code answer_timeout}, {@code presence_interval}.
 */
public final class Uv4lCameraType implements CameraType {
    public static final String NAME = "uv4l";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "UV4L's built-in WebRTC signaling at ws://PI:PORT/stream/webrtc: camgate dials it; one viewer at a time.";
    }

    @Override
    public java.util.List<dev.camgate.camera.CameraOption> options() {
        return DialledCamera.withCommonOptions(new dev.camgate.camera.CameraOption("vformat", "60", "UV4L video format code sent in call: 30 = 640x480 30 fps, 60 = 1280x720 30 fps, 105 = 1920x1080 30 fps."),
                new dev.camgate.camera.CameraOption("force_hw_vcodec", "false", "Ask UV4L for the hardware H.264 encoder."),
                new dev.camgate.camera.CameraOption("trickle_ice", "true", "Trickle ICE candidates (false: UV4L sends them all at once)."));
    }

    @Override
    public void validate(CameraConfig config) {
        dev.camgate.camera.CameraOption.refuseUnknown(config, options());
        DialledCamera.checkConfig(config, "/stream/webrtc");
        callOptions(config);
    }

    @Override
    public Camera create(CameraConfig config, CameraContext context) {
        return new Uv4lCamera(config, context, callOptions(config));
    }

    static ObjectNode callOptions(CameraConfig config) {
        ObjectNode options = Json.create();
        Object hw = config.options().getOrDefault("force_hw_vcodec", false);
        int vformat = config.intOption("vformat", 60, 0, 200);
        Object trickle = config.options().getOrDefault("trickle_ice", true);
        if (!(hw instanceof Boolean b)) {
            throw new dev.camgate.config.BadSetting(java.util.List.of("options", "force_hw_vcodec"), "camera '" + config.id() + "': options.force_hw_vcodec must be true or false");
        }
        if (!(trickle instanceof Boolean t)) {
            throw new dev.camgate.config.BadSetting(java.util.List.of("options", "trickle_ice"), "camera '" + config.id() + "': options.trickle_ice must be true or false");
        }
        options.put("force_hw_vcodec", b);
        options.put("vformat", vformat);
        options.put("trickle_ice", t);
        return options;
    }
}
