package dev.camgate.camera.ayame;

import dev.camgate.camera.dialin.SeatedCamera;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import io.netty.channel.EventLoop;
import java.time.Clock;

/**
 * A camera that speaks plain Ayame: Momo in ayame mode or any Ayame client sending video. It holds one
 * peer connection, so it serves one viewer at a time, and it is treated exactly as in an Ayame room of
 * two: messages pass byte-for-byte, and when the viewer leaves the camera gets bye and re-registers
 * (docs/protocol.md §U1, §U3).
 */
final class AyameCamera extends SeatedCamera {
    /** Written only on the loop; relays read it. */
    private volatile Peer viewer;
    private java.time.Instant viewerSince;

    AyameCamera(String id, String name, String key, Clock clock, EventLoop loop) {
        super(id, name, AyameCameraType.NAME, key, false, clock, loop);
    }

    @Override
    protected Admission admitted(Peer newViewer) {
        if (viewer != null) {
            return new Admission.Refused(Refusal.Kind.IN_USE, "camera '" + id()
                    + "' is being watched by another viewer (it can serve one viewer at a time)");
        }
        viewer = newViewer;
        viewerSince = now();
        LOG.info("viewer {} from {} started watching camera '{}'", newViewer.connectionId(), newViewer.remote(), id());
        return new Admission.Admitted(new ViewerRoute(newViewer), true, null);
    }

    @Override
    protected boolean multiViewer() {
        return false;
    }

    @Override
    protected int viewerCount() {
        return viewer == null ? 0 : 1;
    }

    @Override
    protected boolean isFull() {
        return viewer != null;
    }

    @Override
    protected void endViewers() {
        Peer watching = viewer;
        if (watching != null) {
            viewer = null;
            logViewerEnded(watching.connectionId(), viewerSince, "the camera left");
            watching.bye();
        }
    }

    @Override
    protected void fromCamera(Inbound.Relay message) {
        Peer watching = viewer;
        if (watching != null) {
            watching.send(message.raw());
        }
    }

    private final class ViewerRoute implements Route {
        private final Peer peer;

        ViewerRoute(Peer peer) {
            this.peer = peer;
        }

        /** On the viewer's thread: the seat first, then the viewer (see {@link SeatedCamera}). */
        @Override
        public void relay(Inbound.Relay message) {
            Peer cam = camera();
            if (cam != null && viewer == peer) {
                cam.send(message.raw());
            }
        }

        @Override
        public void left() {
            onLoop(() -> {
                if (viewer == peer) {
                    logViewerEnded(peer.connectionId(), viewerSince, "the viewer left");
                    viewer = null;
                    // Momo keeps its peer connection until told otherwise: bye makes it start afresh.
                    releaseSeat();
                }
            });
        }
    }
}
