package dev.camgate.camera.momo;

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

/** Momo in p2p ("test") mode at ws://PI:8080/ws: one socket, so one peer connection, per viewer. */
final class MomoCamera extends DialledCamera {
    MomoCamera(CameraConfig config, CameraContext context, EventLoop loop, DialOptions dial, int maxViewers) {
        super(config, context, loop, dial, maxViewers);
    }

    @Override
    protected DialledSession newSession(Peer viewer, CompletableFuture<Admission> decision) {
        return new MomoSession(this, viewer, decision);
    }

    @Override
    protected CompletableFuture<String> probe() {
        // Momo gives each socket its own session and drops it when the socket closes: a handshake is harmless.
        return Probes.webSocket(loop(), url, connectTimeout);
    }
}
