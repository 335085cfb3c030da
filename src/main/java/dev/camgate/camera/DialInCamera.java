package dev.camgate.camera;

import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;

/** A camera that connects to the hub itself over /signaling and proves who it is with its key. */
public interface DialInCamera extends Camera {
    boolean isCameraKey(String key);

    /**
     * The camera registered with the right key: it takes the seat, replacing any older connection. Refused at
     * once when the register is wrong for the camera; else decided on the camera's loop ({@link Admission.Pending}).
     */
    Admission seat(Peer camera, Inbound.Register register);

    /** True while a camera holds the seat. */
    boolean isConnected();
}
