package dev.camgate.camera.browser;

import dev.camgate.camera.dialin.SeatedCamera;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Outbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.ProtocolException;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * camgate's own browser camera (/publish): one RTCPeerConnection per viewer on the camera's side, told apart
 * by the {@code viewerId} the hub adds to every viewer message (docs/protocol.md, multi-viewer extension).
 */
public final class BrowserCamera extends SeatedCamera {
    private final int maxViewers;
    private final Consumer<BrowserCamera> onGone;
    private final Map<String, Peer> viewers = new LinkedHashMap<>();
    private final Map<String, java.time.Instant> since = new java.util.HashMap<>();

    BrowserCamera(String id, String name, String key, boolean adhoc, int maxViewers, Clock clock,
                  Consumer<BrowserCamera> onGone) {
        super(id, name, BrowserCameraType.NAME, key, adhoc, clock);
        this.maxViewers = maxViewers;
        this.onGone = onGone;
    }

    /** An ad-hoc camera: created when a browser registers an unknown id as a camera, gone when it leaves. */
    public static BrowserCamera adhoc(String id, String name, String key, int maxViewers, Clock clock,
                                      Consumer<BrowserCamera> onGone) {
        return new BrowserCamera(id, name == null || name.isBlank() ? id : name, key, true, maxViewers, clock, onGone);
    }

    @Override
    public synchronized Admission admit(Peer viewer) {
        if (camera() == null) {
            return new Admission.Refused(offlineReason());
        }
        if (viewers.size() >= maxViewers) {
            return new Admission.Refused(Refusal.Kind.BUSY, "camera '" + id() + "' already has " + maxViewers
                    + " viewers, its limit (max_viewers)");
        }
        String viewerId = viewer.connectionId();
        viewers.put(viewerId, viewer);
        since.put(viewerId, now());
        LOG.info("viewer {} from {} started watching camera '{}' ({} watching)", viewerId, viewer.remote(), id(), viewers.size());
        return new Admission.Admitted(new ViewerRoute(viewerId, viewer), true,
                Map.of("role", "viewer", "cameraId", id(), "cameraName", name(), "multiViewer", true));
    }

    @Override
    protected Refusal refuseSeat(Inbound.Register register) {
        if (register.camgate() == null || !register.camgate().multiViewer()) {
            return Refusal.of(Refusal.Kind.INVALID, "camera '" + id() + "' is a browser camera: register with "
                    + "\"camgate\":{\"role\":\"camera\",\"multiViewer\":true} (docs/protocol.md)");
        }
        return null;
    }

    @Override
    protected boolean multiViewer() {
        return true;
    }

    @Override
    protected int viewerCount() {
        return viewers.size();
    }

    @Override
    protected boolean isFull() {
        return viewers.size() >= maxViewers;
    }

    @Override
    protected void endViewers() {
        for (Peer viewer : viewers.values()) {
            logViewerEnded(viewer.connectionId(), since.get(viewer.connectionId()), "the camera left");
            viewer.bye();
        }
        viewers.clear();
        since.clear();
    }

    @Override
    protected void fromCamera(Inbound.Relay message) throws ProtocolException {
        String viewerId = message.viewerId();
        if (viewerId == null) {
            throw new ProtocolException("a multi-viewer camera must name the 'viewerId' each message is for");
        }
        Peer viewer = viewers.get(viewerId);
        if (viewer != null) {
            viewer.send(message.raw());
        }
        // else: the viewer has just left; its bye is already on the way to the camera.
    }

    @Override
    protected void cameraGone() {
        onGone.accept(this);
    }

    private final class ViewerRoute implements Route {
        private final String viewerId;
        private final Peer peer;

        ViewerRoute(String viewerId, Peer peer) {
            this.viewerId = viewerId;
            this.peer = peer;
        }

        @Override
        public void relay(Inbound.Relay message) {
            synchronized (BrowserCamera.this) {
                Peer cam = camera();
                if (cam != null && viewers.get(viewerId) == peer) {
                    cam.send(Outbound.withViewerId(message, viewerId));
                }
            }
        }

        @Override
        public void left() {
            synchronized (BrowserCamera.this) {
                if (viewers.remove(viewerId, peer)) {
                    logViewerEnded(viewerId, since.remove(viewerId), "the viewer left");
                    if (camera() != null) {
                        camera().send(Outbound.byeFor(viewerId));
                    }
                }
            }
        }
    }
}
