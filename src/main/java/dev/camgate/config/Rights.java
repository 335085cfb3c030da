package dev.camgate.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a {@code rights} map from the config: camera id (or "*" for every camera) to view, playback, publish, admin. */
final class Rights {
    static final Set<String> NAMES = Set.of("view", "playback", "publish", "admin");

    private Rights() {
    }

    static Map<String, List<String>> check(String owner, Map<String, List<String>> rights) {
        if (rights == null || rights.isEmpty()) {
            throw new BadSetting("name", owner + " needs 'rights', for example {\"*\": [view]} or {porch: [view, publish]}");
        }
        for (var e : rights.entrySet()) {
            if (!e.getKey().equals("*") && !CameraConfig.ID.matcher(e.getKey()).matches()) {
                throw new BadSetting(List.of("rights", e.getKey()), owner + ": '" + e.getKey() + "' is neither a camera id nor \"*\"");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new BadSetting(List.of("rights", e.getKey()), owner + ": rights for '" + e.getKey() + "' are empty");
            }
            for (String r : e.getValue()) {
                if (r == null || !NAMES.contains(r)) {
                    throw new BadSetting(List.of("rights", e.getKey()), owner + ": right '" + r + "' must be view, playback, publish or admin");
                }
            }
        }
        return Map.copyOf(rights);
    }

    static String name(String kind, String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new BadSetting("name", kind + " name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return name;
    }
}
