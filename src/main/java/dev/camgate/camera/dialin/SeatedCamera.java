package dev.camgate.camera.dialin;

import dev.camgate.camera.CameraInfo;
import dev.camgate.camera.DialInCamera;
import dev.camgate.camera.Keys;
import dev.camgate.config.CameraConfig;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.ProtocolException;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every dial-in camera shares: one seat for the camera's connection, taken by key, and the
 * camera's presence. Subclasses decide how viewers are served. All state is guarded by {@code this}.
 */
public abstract class SeatedCamera implements DialInCamera {
    protected static final Logger LOG = LoggerFactory.getLogger("camgate.camera");
    private final String id;
    private final String name;
    private final String type;
    private final String key;
    private final boolean adhoc;
    private final Clock clock;
    private Peer camera;
    private Instant lastSeen;

    protected SeatedCamera(String id, String name, String type, String key, boolean adhoc, Clock clock) {
        this.id = id;
        this.name = name;
        this.type = type;
        this.key = key;
        this.adhoc = adhoc;
        this.clock = clock;
    }

    /** Checks what every dial-in camera needs in the config: a key, and no url. */
    public static void checkConfig(CameraConfig config) {
        if (config.key() == null || config.key().length() < 8) {
            throw new dev.camgate.config.BadSetting(config.key() == null ? "id" : "key", "camera '" + config.id()
                    + "' needs a 'key' of at least 8 characters: the camera presents it to prove it is the camera");
        }
        if (config.url() != null) {
            throw new dev.camgate.config.BadSetting("url", "camera '" + config.id() + "' of type " + config.type()
                    + " dials in to the hub and takes no 'url'");
        }
    }

    @Override
    public final String id() {
        return id;
    }

    public final String name() {
        return name;
    }

    @Override
    public final boolean isCameraKey(String given) {
        return Keys.matches(key, given);
    }

    @Override
    public final synchronized boolean isConnected() {
        return camera != null;
    }

    @Override
    public final synchronized Admission seat(Peer newCamera, Inbound.Register register) {
        Refusal problem = refuseSeat(register);
        if (problem != null) {
            return new Admission.Refused(problem);
        }
        Peer old = camera;
        if (old != null) {
            // A camera that reconnects before its old socket timed out must not be locked out.
            camera = null;
            endViewers();
            old.bye();
        }
        camera = newCamera;
        lastSeen = clock.instant();
        LOG.info("camera '{}' connected from {}{}{}", id, newCamera.remote(), old != null ? " (replacing its previous connection)" : "",
                register.ayameClient() != null ? ": " + register.ayameClient() : "");
        return new Admission.Admitted(new CameraRoute(newCamera), false,
                Map.of("role", "camera", "cameraId", id, "multiViewer", multiViewer()));
    }

    @Override
    public final synchronized CameraInfo info() {
        CameraInfo.Status status = camera == null ? CameraInfo.Status.OFFLINE
                : isFull() ? CameraInfo.Status.IN_USE : CameraInfo.Status.ONLINE;
        return new CameraInfo(id, name, type, status, viewerCount(), multiViewer(), adhoc,
                camera != null ? clock.instant() : lastSeen, null);
    }

    @Override
    public final synchronized void close() {
        if (camera != null) {
            endViewers();
            camera.bye();
            camera = null;
        }
    }

    /** The camera's connection, or null while it is offline. */
    protected final Peer camera() {
        return camera;
    }

    /** Ends the camera's connection from the hub's side (bye + close), e.g. after its single viewer left. */
    protected final void releaseSeat() {
        if (camera != null) {
            camera.bye();
            camera = null;
            lastSeen = clock.instant();
        }
    }

    /** One line per viewer session, at its end: enough to answer "who watched, and for how long". */
    protected final void logViewerEnded(String viewerId, Instant since, String why) {
        LOG.info("viewer {} of camera '{}' ended after {} s: {}", viewerId, id,
                java.time.Duration.between(since, clock.instant()).toSeconds(), why);
    }

    protected final Instant now() {
        return clock.instant();
    }

    protected final Refusal offlineReason() {
        return Refusal.of(Refusal.Kind.NOT_CONNECTED, "camera '" + id + "' is not connected");
    }

    /** Null if this register may take the seat, else the reject reason. */
    protected Refusal refuseSeat(Inbound.Register register) {
        return null;
    }

    protected abstract boolean multiViewer();

    protected abstract int viewerCount();

    /** True when no further viewer can be admitted. */
    protected abstract boolean isFull();

    /** Sends bye to every viewer and forgets them. */
    protected abstract void endViewers();

    /** A message from the camera. */
    protected abstract void fromCamera(Inbound.Relay message) throws ProtocolException;

    /** Called when the camera's seat became empty because the camera left. */
    protected void cameraGone() {
    }

    private final class CameraRoute implements Route {
        private final Peer peer;

        CameraRoute(Peer peer) {
            this.peer = peer;
        }

        @Override
        public void relay(Inbound.Relay message) throws ProtocolException {
            synchronized (SeatedCamera.this) {
                if (camera == peer) {
                    fromCamera(message);
                }
            }
        }

        @Override
        public void left() {
            boolean gone;
            synchronized (SeatedCamera.this) {
                gone = camera == peer;
                if (gone) {
                    camera = null;
                    lastSeen = clock.instant();
                    LOG.info("camera '{}' disconnected; ending {} viewer session(s)", id, viewerCount());
                    endViewers();
                }
            }
            if (gone) {
                cameraGone();
            }
        }
    }
}
