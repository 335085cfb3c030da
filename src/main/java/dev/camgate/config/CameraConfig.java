package dev.camgate.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One camera from the config file. {@code type} names a {@link dev.camgate.camera.CameraType}; which other
 * fields it needs ({@code key}, {@code url}, {@code options}) is checked by that type.
 */
public record CameraConfig(
        @Doc("The camera's id: its Ayame room id and its address (/view?camera=ID). Letters, digits, '.', '_', '-'.") String id,
        @Doc("The name people see; the id if left out.") String name,
        @Doc("What kind of camera it is: one of the types below.") String type,
        @Doc("Cameras that dial in prove who they are with this key (8 characters or more).") String key,
        @Doc("Cameras that camgate dials: where their signaling server is (ws:// or wss://).") String url,
        @Doc("Settings of the camera's type: see each type below.") Map<String, Object> options,
        @Doc("STUN/TURN servers for this camera's calls instead of the global `ice_servers` (TURN credentials from `turn` are still added).") java.util.List<IceServer> iceServers,
        @Doc("true: camgate receives the camera's video once and forwards it to every viewer (one encode on the camera, viewers reach camgate's UDP port); false: each viewer connects to the camera directly. `record: true` implies it.") Boolean relay,
        @Doc("true: camgate records the camera all the time (it stays connected whether or not anyone watches): see [recording](#recording).") Boolean record,
        @Doc("How long this camera's recordings are kept, instead of `recording.retention`.") java.time.Duration retention) {

    /** Ids travel in URLs and as Ayame room ids: keep them to characters that need no escaping anywhere. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public CameraConfig {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BadSetting("id", "camera id '" + id
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (type == null || type.isBlank()) {
            throw new BadSetting("id", "camera '" + id + "' needs a 'type'");
        }
        name = name == null || name.isBlank() ? id : name;
        options = options == null ? Map.of() : Map.copyOf(options);
        iceServers = iceServers == null ? null : java.util.List.copyOf(iceServers);
        record = record != null && record;
        if (relay != null && !relay && record) {
            throw new BadSetting("relay", "camera '" + id + "' has record: true and relay: false: camgate records the video it carries, so a recorded camera is relayed");
        }
        relay = record || (relay != null && relay);
        if (retention != null && (retention.compareTo(java.time.Duration.ofMinutes(1)) < 0 || retention.compareTo(java.time.Duration.ofDays(3650)) > 0)) {
            throw new BadSetting("retention", "camera '" + id + "': retention must be between 1m and 3650d, not " + Durations.format(retention));
        }
    }
}
