package dev.camgate.camera.uv4l;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraOption;
import dev.camgate.camera.CameraType;
import dev.camgate.camera.OptionValues;
import dev.camgate.camera.dialout.DialOptions;
import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.camera.dialout.Json;
import dev.camgate.config.CameraConfig;
import io.netty.channel.EventLoop;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code type: uv4l}: UV4L's built-in WebRTC signaling at {@code url: ws://PI:PORT/stream/webrtc}. Three of
 * its options are sent to UV4L in {@code call}.
 */
public final class Uv4lCameraType extends CameraType<Uv4lCameraType.Options> {
    public static final String NAME = "uv4l";
    private static final CameraOption<Integer> VFORMAT = CameraOption.whole("vformat", 60, 0, 200,
            "UV4L video format code sent in call: 30 = 640x480 30 fps, 60 = 1280x720 30 fps, 105 = 1920x1080 30 fps.");
    private static final CameraOption<Boolean> FORCE_HW_VCODEC = CameraOption.flag("force_hw_vcodec", false,
            "Ask UV4L for the hardware H.264 encoder.");
    private static final CameraOption<Boolean> TRICKLE_ICE = CameraOption.flag("trickle_ice", true,
            "Trickle ICE candidates (false: UV4L sends them all at once).");

    record Options(int vformat, boolean forceHwVcodec, boolean trickleIce, DialOptions dial) {
        /** The {@code options} of UV4L's {@code call}. */
        ObjectNode call() {
            ObjectNode call = Json.create();
            call.put(FORCE_HW_VCODEC.name(), forceHwVcodec);
            call.put(VFORMAT.name(), vformat);
            call.put(TRICKLE_ICE.name(), trickleIce);
            return call;
        }
    }

    public Uv4lCameraType() {
        super(NAME, "UV4L's built-in WebRTC signaling at ws://PI:PORT/stream/webrtc: camgate dials it; one viewer at a time.",
                c -> DialledCamera.checkConfig(c, "/stream/webrtc"), DialOptions.after(VFORMAT, FORCE_HW_VCODEC, TRICKLE_ICE));
    }

    @Override
    protected Options read(OptionValues values) {
        DialOptions dial = DialOptions.read(values);
        return new Options(values.get(VFORMAT), values.get(FORCE_HW_VCODEC), values.get(TRICKLE_ICE), dial);
    }

    @Override
    protected Camera create(CameraConfig config, Options options, CameraContext context, EventLoop loop) {
        return new Uv4lCamera(config, context, loop, options.dial(), options.call());
    }
}
