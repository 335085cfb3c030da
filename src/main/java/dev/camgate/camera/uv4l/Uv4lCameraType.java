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
    public void validate(CameraConfig config) {
        DialledCamera.checkConfig(config);
        callOptions(config);
    }

    @Override
    public Camera create(CameraConfig config, CameraContext context) {
        return new Uv4lCamera(config, context, callOptions(config));
    }

    static ObjectNode callOptions(CameraConfig config) {
        ObjectNode options = Json.create();
        Object hw = config.options().getOrDefault("force_hw_vcodec", false);
        Object vformat = config.options().getOrDefault("vformat", 60);
        Object trickle = config.options().getOrDefault("trickle_ice", true);
        if (!(hw instanceof Boolean b)) {
            throw new IllegalArgumentException("camera '" + config.id() + "': options.force_hw_vcodec must be true or false");
        }
        if (!(vformat instanceof Integer v) || v < 0 || v > 200) {
            throw new IllegalArgumentException("camera '" + config.id() + "': options.vformat must be a UV4L format code such as 30 (640x480) or 60 (1280x720)");
        }
        if (!(trickle instanceof Boolean t)) {
            throw new IllegalArgumentException("camera '" + config.id() + "': options.trickle_ice must be true or false");
        }
        options.put("force_hw_vcodec", b);
        options.put("vformat", v);
        options.put("trickle_ice", t);
        return options;
    }
}
