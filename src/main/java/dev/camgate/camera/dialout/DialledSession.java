package dev.camgate.camera.dialout;

import dev.camgate.camera.OnLoop;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * One viewer watching a dialled camera through its own upstream socket. The subclass translates the two
 * protocols; this class owns the lifecycle: dial within the connect timeout, admit or refuse the viewer,
 * wait for the camera's SDP within the answer timeout, and always close the upstream socket at the end,
 * however the session ends. Everything happens on its camera's loop: the upstream socket is opened on it
 * (so the {@link UpstreamSocket.Listener} calls arrive there), and the viewer's messages and leave are
 * handed there.
 */
public abstract class DialledSession implements Route, UpstreamSocket.Listener {
    protected static final Logger LOG = DialledCamera.LOG;

    protected final DialledCamera camera;
    protected final Peer viewer;
    private final CompletableFuture<Admission> decision;
    private UpstreamSocket upstream;
    private boolean upstreamOpen;
    private boolean ended;
    private ScheduledFuture<?> timer;
    private long startedAt;

    protected DialledSession(DialledCamera camera, Peer viewer, CompletableFuture<Admission> decision) {
        this.camera = camera;
        this.viewer = viewer;
        this.decision = decision;
    }

    /** Where a camera's garbage is logged: rate-limited, so a broken camera cannot fill the disk. */
    protected final dev.camgate.log.LogLimit logs() {
        return camera.context.logs();
    }

    /** The camera as a log source. */
    protected final String source() {
        return "camera '" + camera.id() + "'";
    }

    final void start() {
        UpstreamSocket.connect(camera.loop(), camera.url, camera.connectTimeout, this);
    }

    final boolean upstreamOpen() {
        return upstreamOpen;
    }

    /** The upstream socket is open: greet the camera (UV4L: call) and admit the viewer. */
    protected abstract void greet();

    /** A message from the camera, not yet validated. */
    protected abstract void fromCamera(String text);

    /** A validated message from the viewer. */
    protected abstract void fromViewer(Inbound.Relay message);

    /** The last words to the camera before the hub closes the socket (Momo: close, UV4L: hangup). */
    protected abstract String farewell();

    /**
     * The other dialled type when the camera's url has that type's path (Momo p2p serves /ws, UV4L
     * /stream/webrtc), else null. A camera of the wrong type often just stays silent, so the timeout uses this.
     */
    protected abstract String otherTypeByUrl();

    // ---- UpstreamSocket.Listener: on the upstream's event loop, which is the camera's ----

    @Override
    public final void opened(UpstreamSocket socket) {
        onLoop(() -> {
            if (ended) {
                socket.close();
                return;
            }
            upstream = socket;
            upstreamOpen = true;
            camera.reachable();
            greet();
        });
    }

    @Override
    public final void failed(String why) {
        onLoop(() -> {
            camera.dialFailed(why);
            end(Refusal.of(Refusal.Kind.OFFLINE, "camera '" + camera.id() + "' (" + camera.url + ") is unreachable: " + why));
        });
    }

    @Override
    public final void text(String text) {
        onLoop(() -> {
            if (!ended) {
                fromCamera(text);
            }
        });
    }

    @Override
    public final void closed(String why) {
        onLoop(() -> {
            upstreamOpen = false;
            end(Refusal.of(Refusal.Kind.ENDED, "The camera closed the connection."));
            camera.publish();
        });
    }

    // ---- Route: the viewer's side, from the viewer's loop ----

    @Override
    public final void relay(Inbound.Relay message) {
        onLoop(() -> {
            if (!ended && upstreamOpen) {
                fromViewer(message);
            }
        });
    }

    @Override
    public final void left() {
        onLoop(() -> end(null));
    }

    private void onLoop(Runnable task) {
        OnLoop.run(camera.loop(), task);
    }

    // ---- for subclasses, on the loop ----

    protected final void sendUp(String json) {
        upstream.send(json);
    }

    protected final void admit(boolean viewerOffers) {
        startedAt = System.nanoTime();
        LOG.info("viewer {} from {} started watching camera '{}' through its own link to {}", viewer.connectionId(),
                viewer.remote(), camera.id(), camera.url);
        decision.complete(new Admission.Admitted(this, viewerOffers, null));
    }

    protected final void sendToViewer(byte[] json) {
        viewer.send(json);
    }

    /** Ends the session if {@code what} does not happen within the answer timeout. */
    protected final void expect(String what) {
        cancelTimer();
        Duration limit = camera.answerTimeout;
        timer = camera.loop().schedule(() -> {
            String silence = "camera '" + camera.id() + "' sent no " + what + " within " + limit.toSeconds() + " s";
            String other = otherTypeByUrl();
            if (other == null) {
                end(Refusal.of(Refusal.Kind.OFFLINE, silence));
            } else {
                camera.wrongType(wrongTypeHint(other));
                end(Refusal.of(Refusal.Kind.OFFLINE, silence + "; " + wrongTypeHint(other)));
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    protected final void fulfilled() {
        cancelTimer();
        camera.spokeItsType();
    }

    /**
     * The camera speaks the other dialled protocol (its url or type is wrong in the config): end with words
     * that say which type to set, and keep them on the dashboard, instead of timing out over and over.
     */
    protected final void speaksOtherProtocol(String otherType) {
        String hint = wrongTypeHint(otherType);
        camera.wrongType(hint);
        end(Refusal.of(Refusal.Kind.OFFLINE, "camera '" + camera.id() + "' (" + camera.url + ") is not a " + camera.config.type() + " camera: " + hint));
    }

    static String wrongTypeHint(String otherType) {
        return "this looks like a " + (otherType.equals("uv4l") ? "UV4L" : "Momo") + " camera; set type: " + otherType;
    }

    /** On the loop: ends the session; {@code reason} (or null when the viewer itself left) is what the viewer is told. */
    protected final void end(Refusal reason) {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimer();
        if (upstream != null && upstreamOpen) {
            upstream.send(farewell());
            upstream.close();
        }
        upstreamOpen = false;
        if (!decision.isDone()) {
            decision.complete(new Admission.Refused(reason != null ? reason : Refusal.of(Refusal.Kind.OFFLINE, "the viewer left")));
        } else if (reason != null) {
            viewer.bye(reason);
        }
        camera.ended(this);
        if (startedAt != 0) {
            LOG.info("viewer {} of camera '{}' ended after {} s: {}", viewer.connectionId(), camera.id(),
                    (System.nanoTime() - startedAt) / 1_000_000_000L, reason == null ? "the viewer left" : reason.reason());
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
