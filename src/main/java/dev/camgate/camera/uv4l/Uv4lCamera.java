package dev.camgate.camera.uv4l;

import dev.camgate.camera.CameraContext;
import dev.camgate.camera.dialout.DialOptions;
import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.camera.dialout.DialledSession;
import dev.camgate.camera.dialout.Probes;
import dev.camgate.config.CameraConfig;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Peer;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.node.ObjectNode;

/** UV4L's streaming server at ws://PI:PORT/stream/webrtc. It serves one session at a time. */
final class Uv4lCamera extends DialledCamera {
    private final ObjectNode callOptions;

    Uv4lCamera(CameraConfig config, CameraContext context, EventLoop loop, DialOptions dial, ObjectNode callOptions) {
        super(config, context, loop, dial, 1);
        this.callOptions = callOptions;
    }

    @Override
    protected DialledSession newSession(Peer viewer, CompletableFuture<Admission> decision) {
        return new Uv4lSession(this, viewer, decision, callOptions);
    }

    @Override
    protected CompletableFuture<String> probe() {
        // A second WebSocket could disturb UV4L's single session: a TCP connect tells enough.
        return Probes.tcp(loop(), url, connectTimeout);
    }
}
