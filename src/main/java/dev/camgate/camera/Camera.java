package dev.camgate.camera;

import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Peer;

/**
 * A camera viewers can watch. How the media reaches the viewer is the camera's business: a dial-in camera
 * relays signaling to a camera connected to the hub, a dialled camera opens its own link to the device
 * per viewer, and a future media-terminating camera could answer the viewer itself.
 *
 * <p>Every method may be called from any thread. A camera's mutable state lives on the one event loop it was
 * given at creation: what changes it is handed to that loop (an admission that must change it is
 * {@link Admission.Pending}), what only reads it ({@link #info}) reads a snapshot the loop published.
 */
public interface Camera {
    String id();

    CameraInfo info();

    /** A viewer registered for this camera. The viewer always sends the offer. */
    Admission admit(Peer viewer);

    /**
     * Begins what the camera does on its own (a presence timer). {@link CameraType#build} calls it once, after
     * the constructor returned, so that nothing the camera schedules can see it half-built.
     */
    default void start() {
    }

    /** The hub is stopping: end every session. */
    default void close() {
    }
}
