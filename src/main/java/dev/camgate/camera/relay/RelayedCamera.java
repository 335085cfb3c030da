package dev.camgate.camera.relay;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraInfo;
import dev.camgate.camera.DialInCamera;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;

/**
 * A camera whose video camgate carries: camgate is the camera's one viewer, and answers every real viewer
 * itself (docs/media-plane.md). Wraps the camera its type built, which still does the signaling with the
 * device; a dial-in camera keeps its seat, so the device registers exactly as before.
 */
public class RelayedCamera implements Camera {
    final Camera inner;
    final Relay relay;

    RelayedCamera(Camera inner, Relay relay) {
        this.inner = inner;
        this.relay = relay;
    }

    /** Wraps {@code inner}, keeping its dial-in face when it has one. */
    public static Camera wrap(Camera inner, RelayContext context) {
        return wrap(inner, context, null);
    }

    /** @param recorder records the camera, which then stays connected; null when it is not recorded */
    public static Camera wrap(Camera inner, RelayContext context, dev.camgate.recording.Recorder recorder) {
        Relay relay = new Relay(inner, context, recorder);
        return inner instanceof DialInCamera dialIn ? new DialIn(dialIn, relay) : new RelayedCamera(inner, relay);
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public CameraInfo info() {
        return relay.info(inner.info());
    }

    @Override
    public Admission admit(Peer viewer) {
        return relay.admit(viewer);
    }

    /**
     * The latest keyframe camgate holds of this camera, copied on the relay's loop for a snapshot: null when
     * none is held whole, no packets when it is the one named ({@link dev.camgate.media.sfu.Feed#copyKeyframe}).
     */
    public java.util.concurrent.CompletableFuture<dev.camgate.media.sfu.KeyframeCopy> latestKeyframe(long knownSequence, long knownTimestamp) {
        return relay.latestKeyframe(knownSequence, knownTimestamp);
    }

    @Override
    public void close() {
        relay.close();
        inner.close();
    }

    /** A relayed camera that connects to camgate itself. */
    static final class DialIn extends RelayedCamera implements DialInCamera {
        private final DialInCamera dialIn;

        DialIn(DialInCamera inner, Relay relay) {
            super(inner, relay);
            this.dialIn = inner;
        }

        @Override
        public boolean isCameraKey(String key) {
            return dialIn.isCameraKey(key);
        }

        @Override
        public Admission seat(Peer camera, Inbound.Register register) {
            Admission seated = dialIn.seat(camera, register);
            if (seated instanceof Admission.Pending pending) {
                // A seat is taken on the camera's loop: call the device once it is.
                pending.decision().thenAccept(decided -> {
                    if (decided instanceof Admission.Admitted) {
                        relay.cameraSeated();
                    }
                });
            } else if (seated instanceof Admission.Admitted) {
                relay.cameraSeated();
            }
            return seated;
        }

        @Override
        public boolean isConnected() {
            return dialIn.isConnected();
        }
    }
}
