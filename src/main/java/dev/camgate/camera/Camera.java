package dev.camgate.camera;

import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Peer;

/**
 * A camera viewers can watch. How the media reaches the viewer is the camera's business: a dial-in camera
 * relays signaling to a camera connected to the hub, a dialled camera opens its own link to the device
 * per viewer, and a future media-terminating camera could answer the viewer itself.
 */
public interface Camera {
    String id();

    CameraInfo info();

    /** A viewer registered for this camera. The viewer always sends the offer. */
    Admission admit(Peer viewer);

    /** The hub is stopping: end every session. */
    default void close() {
    }
}
