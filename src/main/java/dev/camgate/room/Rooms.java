package dev.camgate.room;

import dev.camgate.auth.Principal;
import dev.camgate.auth.Right;
import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraRegistry;
import dev.camgate.camera.DialInCamera;
import dev.camgate.camera.browser.BrowserCamera;
import dev.camgate.camera.browser.BrowserCameraType;
import dev.camgate.config.CameraConfig;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import java.time.Clock;

/** Decides where a register goes: a camera's seat, a camera's viewers, a new ad-hoc camera, or a plain room. */
public final class Rooms {
    private static final Admission.Refused ANONYMOUS = new Admission.Refused(Refusal.Kind.UNAUTHORIZED,
            "log in, or send a token as signalingKey or Authorization: Bearer (a camera sends its key)");
    private final CameraRegistry cameras;
    private final PlainRooms plain = new PlainRooms();
    private final boolean adhocAllowed;
    private final Clock clock;

    public Rooms(CameraRegistry cameras, boolean adhocAllowed, Clock clock) {
        this.cameras = cameras;
        this.adhocAllowed = adhocAllowed;
        this.clock = clock;
    }

    /**
     * @param who what the client proved (cookie, token, webhook); a camera's own key is checked here and
     *            needs no principal
     */
    public Admission register(Peer peer, Inbound.Register register, Principal who) {
        Admission admission = route(peer, register, who);
        // Someone who proved nothing learns nothing about which ids are cameras: a wrong key for a camera
        // and any key for an unknown id read alike (and AbuseGuard times them alike).
        if (!who.known() && admission instanceof Admission.Refused r && r.refusal().isCredentialFailure()) {
            return ANONYMOUS;
        }
        return admission;
    }

    private Admission route(Peer peer, Inbound.Register register, Principal who) {
        String id = register.roomId();
        boolean wantsCamera = register.camgate() != null && register.camgate().role() == Inbound.Extension.Role.CAMERA;
        boolean saysViewer = register.camgate() != null && register.camgate().role() == Inbound.Extension.Role.VIEWER;
        Camera camera = cameras.find(id);
        if (camera != null) {
            // One token may be both a camera's key and a viewer's credential; a declared viewer is a viewer.
            if (!saysViewer && camera instanceof DialInCamera dialIn && dialIn.isCameraKey(register.key())) {
                return dialIn.seat(peer, register);
            }
            if (wantsCamera) {
                return new Admission.Refused(Refusal.Kind.WRONG_KEY, "wrong key for camera '" + id + "'");
            }
            Admission.Refused denied = denied(who, Right.VIEW, id);
            return denied != null ? denied : camera.admit(peer);
        }
        if (wantsCamera) {
            Admission.Refused denied = denied(who, Right.PUBLISH, id);
            return denied != null ? denied : adhoc(peer, register);
        }
        if (register.camgate() != null) {
            Admission.Refused denied = denied(who, Right.VIEW, id);
            if (denied != null) {
                return denied;
            }
            // A camgate viewer wants a camera, not an Ayame room: it waits (and retries) until one publishes this id.
            return new Admission.Refused(Refusal.Kind.NOT_CONNECTED, "camera '" + id + "' is not connected");
        }
        // Both sides of a plain Ayame room send media, so joining one takes the publish right.
        Admission.Refused denied = denied(who, Right.PUBLISH, id);
        return denied != null ? denied : plain.join(peer, id);
    }

    /** Null if allowed; else a reason that says what is missing but nothing about the camera. */
    private static Admission.Refused denied(Principal who, Right right, String id) {
        if (who.may(right, id)) {
            return null;
        }
        String what = right.name().toLowerCase();
        return who.known()
                ? new Admission.Refused(Refusal.Kind.FORBIDDEN, "'" + who.name() + "' may not " + what + " '" + id + "'")
                : new Admission.Refused(Refusal.Kind.UNAUTHORIZED, "log in, or send a token with the " + what + " right as signalingKey or Authorization: Bearer");
    }

    /** Whether {@code key} is that camera's own key (a camera seated on it needs no login session). */
    public boolean isCameraKey(String id, String key) {
        return cameras.find(id) instanceof DialInCamera dialIn && dialIn.isCameraKey(key);
    }

    public int plainRoomCount() {
        return plain.count();
    }

    /** Whether a plain Ayame room has a member: for tests, which must not look by joining it. */
    public boolean isPlainRoomInUse(String id) {
        return plain.isInUse(id);
    }

    private Admission adhoc(Peer peer, Inbound.Register register) {
        String id = register.roomId();
        if (!adhocAllowed) {
            return new Admission.Refused(Refusal.Kind.INVALID, "'" + id + "' is not a configured camera, and ad-hoc cameras are off (adhoc_cameras: false)");
        }
        if (!CameraConfig.ID.matcher(id).matches()) {
            return new Admission.Refused(Refusal.Kind.INVALID, "camera id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (register.key() == null || register.key().length() < 8) {
            return new Admission.Refused(Refusal.Kind.WRONG_KEY, "a browser camera needs a key of at least 8 characters");
        }
        if (plain.isInUse(id)) {
            return new Admission.Refused(Refusal.Kind.BUSY, "'" + id + "' is in use as a plain Ayame room");
        }
        return cameras.withAdhoc(id,
                loop -> BrowserCamera.adhoc(id, register.camgate().name(), register.key(),
                        BrowserCameraType.DEFAULT_MAX_VIEWERS, clock, loop, cameras::removeIfIdle),
                camera -> {
                    if (!camera.isCameraKey(register.key())) {
                        return new Admission.Refused(Refusal.Kind.WRONG_KEY, "camera '" + id + "' is already published with another key");
                    }
                    return camera.seat(peer, register);
                });
    }
}
