package dev.camgate.camera.browser;

import dev.camgate.camera.dialin.SeatedCamera;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Outbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.ProtocolException;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * camgate's own browser camera (/publish): one RTCPeerConnection per viewer on the camera's side, told apart
 * by the {@code viewerId} the hub adds to every viewer message (docs/protocol.md, multi-viewer extension).
 * Its viewers change on its loop; relays read the copy of them the loop publishes.
 */
public final class BrowserCamera extends SeatedCamera {
    private final int maxViewers;
    private final Consumer<BrowserCamera> onGone;
    private final Map<String, Watching> viewers = new LinkedHashMap<>();
    /** The viewers by id, copied after every change for relays on other threads. */
    private volatile Map<String, Peer> routes = Map.of();

    private record Watching(Peer peer, Instant since) {
    }

    BrowserCamera(String id, String name, String key, boolean adhoc, int maxViewers, Clock clock, EventLoop loop,
                  Consumer<BrowserCamera> onGone) {
        super(id, name, BrowserCameraType.NAME, key, adhoc, clock, loop);
        this.maxViewers = maxViewers;
        this.onGone = onGone;
    }

    /**
     * An ad-hoc camera: created when a browser registers an unknown id as a camera, gone when it leaves.
     *
     * @param onGone called on {@code loop} when its camera has left
     */
    public static BrowserCamera adhoc(String id, String name, String key, int maxViewers, Clock clock, EventLoop loop,
                                      Consumer<BrowserCamera> onGone) {
        return new BrowserCamera(id, name == null || name.isBlank() ? id : name, key, true, maxViewers, clock, loop, onGone);
    }

    @Override
    protected Admission admitted(Peer viewer) {
        if (viewers.size() >= maxViewers) {
            return new Admission.Refused(Refusal.Kind.BUSY, "camera '" + id() + "' already has " + maxViewers
                    + " viewers, its limit (max_viewers)");
        }
        String viewerId = viewer.connectionId();
        viewers.put(viewerId, new Watching(viewer, now()));
        publishRoutes();
        LOG.info("viewer {} from {} started watching camera '{}' ({} watching)", viewerId, viewer.remote(), id(), viewers.size());
        return new Admission.Admitted(new ViewerRoute(viewerId, viewer), true,
                Map.of("role", "viewer", "cameraId", id(), "cameraName", name(), "multiViewer", true));
    }

    private void publishRoutes() {
        Map<String, Peer> copy = new java.util.HashMap<>();
        viewers.forEach((viewerId, w) -> copy.put(viewerId, w.peer()));
        routes = java.util.Collections.unmodifiableMap(copy);
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
        routes = Map.of();
        for (Map.Entry<String, Watching> viewer : viewers.entrySet()) {
            logViewerEnded(viewer.getKey(), viewer.getValue().since(), "the camera left");
            viewer.getValue().peer().bye();
        }
        viewers.clear();
    }

    @Override
    protected void fromCamera(Inbound.Relay message) throws ProtocolException {
        String viewerId = message.viewerId();
        if (viewerId == null) {
            throw new ProtocolException("a multi-viewer camera must name the 'viewerId' each message is for");
        }
        Peer viewer = routes.get(viewerId);
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

        /** On the viewer's thread: the seat first, then the viewers (see {@link SeatedCamera}). */
        @Override
        public void relay(Inbound.Relay message) {
            Peer cam = camera();
            if (cam != null && routes.get(viewerId) == peer) {
                cam.send(Outbound.withViewerId(message, viewerId));
            }
        }

        @Override
        public void left() {
            onLoop(() -> {
                Watching w = viewers.get(viewerId);
                if (w != null && w.peer() == peer) {
                    viewers.remove(viewerId);
                    publishRoutes();
                    logViewerEnded(viewerId, w.since(), "the viewer left");
                    Peer cam = camera();
                    if (cam != null) {
                        cam.send(Outbound.byeFor(viewerId));
                    }
                }
            });
        }
    }
}
