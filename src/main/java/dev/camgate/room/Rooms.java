package dev.camgate.room;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraRegistry;
import dev.camgate.camera.DialInCamera;
import dev.camgate.camera.browser.BrowserCamera;
import dev.camgate.camera.browser.BrowserCameraType;
import dev.camgate.config.CameraConfig;
import dev.camgate.signaling.Admission;
import dev.camgate.signaling.Inbound;
import dev.camgate.signaling.Peer;
import java.time.Clock;

/** Decides where a register goes: a camera's seat, a camera's viewers, a new ad-hoc camera, or a plain room. */
public final class Rooms {
    private final CameraRegistry cameras;
    private final PlainRooms plain = new PlainRooms();
    private final boolean adhocAllowed;
    private final Clock clock;

    public Rooms(CameraRegistry cameras, boolean adhocAllowed, Clock clock) {
        this.cameras = cameras;
        this.adhocAllowed = adhocAllowed;
        this.clock = clock;
    }

    public Admission register(Peer peer, Inbound.Register register) {
        String id = register.roomId();
        boolean wantsCamera = register.camgate() != null && register.camgate().role() == Inbound.Extension.Role.CAMERA;
        Camera camera = cameras.find(id);
        if (camera != null) {
            if (camera instanceof DialInCamera dialIn && dialIn.isCameraKey(register.key())) {
                return dialIn.seat(peer, register);
            }
            if (wantsCamera) {
                return new Admission.Refused("key: wrong key for camera '" + id + "'");
            }
            return camera.admit(peer);
        }
        if (wantsCamera) {
            return adhoc(peer, register);
        }
        if (register.camgate() != null) {
            // A camgate viewer wants a camera, not an Ayame room: it waits (and retries) until one publishes this id.
            return new Admission.Refused("offline: camera '" + id + "' is not connected");
        }
        return plain.join(peer, id);
    }

    public int plainRoomCount() {
        return plain.count();
    }

    private Admission adhoc(Peer peer, Inbound.Register register) {
        String id = register.roomId();
        if (!adhocAllowed) {
            return new Admission.Refused("invalid: '" + id + "' is not a configured camera, and ad-hoc cameras are off (adhoc_cameras: false)");
        }
        if (!CameraConfig.ID.matcher(id).matches()) {
            return new Admission.Refused("invalid: camera id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (register.key() == null || register.key().length() < 8) {
            return new Admission.Refused("key: a browser camera needs a key of at least 8 characters");
        }
        if (plain.isInUse(id)) {
            return new Admission.Refused("busy: '" + id + "' is in use as a plain Ayame room");
        }
        return cameras.withAdhoc(id,
                () -> BrowserCamera.adhoc(id, register.camgate().name(), register.key(),
                        BrowserCameraType.DEFAULT_MAX_VIEWERS, clock, cameras::removeIfIdle),
                (camera, created) -> {
                    DialInCamera dialIn = (DialInCamera) camera;
                    if (!dialIn.isCameraKey(register.key())) {
                        return new Admission.Refused("key: camera '" + id + "' is already published with another key");
                    }
                    return dialIn.seat(peer, register);
                });
    }
}
