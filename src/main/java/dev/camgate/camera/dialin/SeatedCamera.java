package dev.camgate.camera.dialin;

import dev.camgate.camera.CameraInfo;
import dev.camgate.camera.DialInCamera;
import dev.camgate.camera.Keys;
import dev.camgate.camera.OnLoop;
import dev.camgate.config.CameraConfig;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.ProtocolException;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every dial-in camera shares: one seat for the camera's connection, taken by key, and the
 * camera's presence. Subclasses decide how viewers are served.
 *
 * <p>Its state, and its subclass's, changes only on its {@link #loop()}: a seat, an admission, a leave and
 * {@link #close} are handed there. Relaying a message changes nothing, so it runs on the sender's own thread
 * and reads only what the loop publishes: the seat ({@link #camera()}, volatile) and what the subclass
 * publishes of its viewers. Publishing the viewers before the seat, and reading the seat before the
 * viewers, means a relay never pairs a new camera with a viewer of the old one.
 */
public abstract class SeatedCamera implements DialInCamera {
    protected static final Logger LOG = LoggerFactory.getLogger("camgate.camera");
    private final String id;
    private final String name;
    private final String type;
    private final String key;
    private final boolean adhoc;
    private final Clock clock;
    private final EventLoop loop;
    /** Written only on the loop. */
    private volatile Peer camera;
    private Instant lastSeen;
    /** What {@link #info} shows, published by the loop after every change. */
    private volatile Presence presence = new Presence(CameraInfo.Status.OFFLINE, 0, null);

    private record Presence(CameraInfo.Status status, int viewers, Instant lastSeen) {
    }

    /** @param loop the event loop this camera's state is confined to */
    protected SeatedCamera(String id, String name, String type, String key, boolean adhoc, Clock clock, EventLoop loop) {
        this.id = id;
        this.name = name;
        this.type = type;
        this.key = key;
        this.adhoc = adhoc;
        this.clock = clock;
        this.loop = loop;
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

    /** The event loop this camera's state lives on. */
    public final EventLoop loop() {
        return loop;
    }

    @Override
    public final boolean isCameraKey(String given) {
        return Keys.matches(key, given);
    }

    @Override
    public final boolean isConnected() {
        return camera != null;
    }

    /** Decided on the loop: refused while the camera is offline, else as {@link #admitted} says. */
    @Override
    public final Admission admit(Peer viewer) {
        return OnLoop.decide(loop, decision -> {
            Admission admission = camera == null ? new Admission.Refused(offlineReason()) : admitted(viewer);
            publish();
            decision.complete(admission);
        });
    }

    /** Refused at once when the register is wrong for this camera; else the seat is taken on the loop. */
    @Override
    public final Admission seat(Peer newCamera, Inbound.Register register) {
        Refusal problem = refuseSeat(register);
        if (problem != null) {
            return new Admission.Refused(problem);
        }
        return OnLoop.decide(loop, decision -> decision.complete(seated(newCamera, register)));
    }

    private Admission seated(Peer newCamera, Inbound.Register register) {
        Peer old = camera;
        if (old != null) {
            // A camera that reconnects before its old socket timed out must not be locked out.
            camera = null;
            endViewers();
            old.bye();
        }
        camera = newCamera;
        lastSeen = clock.instant();
        publish();
        LOG.info("camera '{}' connected from {}{}{}", id, newCamera.remote(), old != null ? " (replacing its previous connection)" : "",
                register.ayameClient() != null ? ": " + register.ayameClient() : "");
        return new Admission.Admitted(new CameraRoute(newCamera), false,
                Map.of("role", "camera", "cameraId", id, "multiViewer", multiViewer()));
    }

    /** From the snapshot the loop last published: any thread, no waiting. */
    @Override
    public final CameraInfo info() {
        Presence p = presence;
        return new CameraInfo(id, name, type, p.status(), p.viewers(), multiViewer(), adhoc,
                p.status() != CameraInfo.Status.OFFLINE ? clock.instant() : p.lastSeen(), null);
    }

    @Override
    public final void close() {
        onLoop(() -> {
            Peer seated = camera;
            if (seated != null) {
                camera = null;
                endViewers();
                seated.bye();
            }
        });
    }

    /** Runs {@code change} on the loop, then publishes what {@link #info} shows. */
    protected final void onLoop(Runnable change) {
        OnLoop.run(loop, () -> {
            change.run();
            publish();
        });
    }

    private void publish() {
        CameraInfo.Status status = camera == null ? CameraInfo.Status.OFFLINE
                : isFull() ? CameraInfo.Status.IN_USE : CameraInfo.Status.ONLINE;
        presence = new Presence(status, viewerCount(), lastSeen);
    }

    /** The camera's connection, or null while it is offline; any thread may read it. */
    protected final Peer camera() {
        return camera;
    }

    /** On the loop: ends the camera's connection from the hub's side (bye + close), e.g. after its single viewer left. */
    protected final void releaseSeat() {
        Peer seated = camera;
        if (seated != null) {
            camera = null;
            lastSeen = clock.instant();
            seated.bye();
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

    /** Null if this register may take the seat, else the reject reason; any thread (it reads only the register). */
    protected Refusal refuseSeat(Inbound.Register register) {
        return null;
    }

    protected abstract boolean multiViewer();

    /** On the loop. */
    protected abstract int viewerCount();

    /** On the loop: true when no further viewer can be admitted. */
    protected abstract boolean isFull();

    /** On the loop, with the camera seated: lets {@code viewer} in or says why not. */
    protected abstract Admission admitted(Peer viewer);

    /** On the loop: sends bye to every viewer and forgets them (and publishes that there are none). */
    protected abstract void endViewers();

    /**
     * A message from the seated camera, on its connection's thread: reads only what the loop published, and
     * changes nothing.
     */
    protected abstract void fromCamera(Inbound.Relay message) throws ProtocolException;

    /** On the loop: the camera's seat became empty because the camera left. */
    protected void cameraGone() {
    }

    private final class CameraRoute implements Route {
        private final Peer peer;

        CameraRoute(Peer peer) {
            this.peer = peer;
        }

        @Override
        public void relay(Inbound.Relay message) throws ProtocolException {
            if (camera == peer) {
                fromCamera(message);
            }
        }

        @Override
        public void left() {
            onLoop(() -> {
                if (camera == peer) {
                    camera = null;
                    lastSeen = clock.instant();
                    LOG.info("camera '{}' disconnected; ending {} viewer session(s)", id, viewerCount());
                    endViewers();
                    cameraGone();
                }
            });
        }
    }
}
