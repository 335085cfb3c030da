package dev.camgate.camera.ayame;

import dev.camgate.camera.dialin.SeatedCamera;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import java.time.Clock;

/**
 * A camera that speaks plain Ayame: Momo in ayame mode or any Ayame client sending video. It holds one
 * peer connection, so it serves one viewer at a time, and it is treated exactly as in an Ayame room of
 * two: messages pass byte-for-byte, and when the viewer leaves the camera gets bye and re-registers
 * (docs/protocol.md §U1, §U3).
 */
final class AyameCamera extends SeatedCamera {
    private Peer viewer;
    private java.time.Instant viewerSince;

    AyameCamera(String id, String name, String key, Clock clock) {
        super(id, name, AyameCameraType.NAME, key, false, clock);
    }

    @Override
    public synchronized Admission admit(Peer newViewer) {
        if (camera() == null) {
            return new Admission.Refused(offlineReason());
        }
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
        if (viewer != null) {
            logViewerEnded(viewer.connectionId(), viewerSince, "the camera left");
            viewer.bye();
            viewer = null;
        }
    }

    @Override
    protected void fromCamera(Inbound.Relay message) {
        if (viewer != null) {
            viewer.send(message.raw());
        }
    }

    private final class ViewerRoute implements Route {
        private final Peer peer;

        ViewerRoute(Peer peer) {
            this.peer = peer;
        }

        @Override
        public void relay(Inbound.Relay message) {
            synchronized (AyameCamera.this) {
                if (viewer == peer && camera() != null) {
                    camera().send(message.raw());
                }
            }
        }

        @Override
        public void left() {
            synchronized (AyameCamera.this) {
                if (viewer == peer) {
                    logViewerEnded(peer.connectionId(), viewerSince, "the viewer left");
                    viewer = null;
                    // Momo keeps its peer connection until told otherwise: bye makes it start afresh.
                    releaseSeat();
                }
            }
        }
    }
}
