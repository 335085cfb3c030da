package dev.camgate.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is asking, and their best right per camera ("*" = every camera). {@link #NOBODY} may do nothing;
 * {@link #EVERYONE} is what anyone is when auth is off.
 */
public record Principal(String name, Map<String, Right> rights) {
    public static final Principal NOBODY = new Principal(null, Map.of());
    public static final Principal EVERYONE = new Principal("everyone", Map.of("*", Right.ADMIN));
    /** The holder of the admin token printed at first start. */
    public static final Principal ADMIN = new Principal("admin", Map.of("*", Right.ADMIN));

    public Principal {
        rights = Map.copyOf(rights);
    }

    static Principal of(String name, Map<String, List<String>> configured) {
        Map<String, Right> best = new HashMap<>();
        configured.forEach((camera, names) -> {
            for (String n : names) {
                best.merge(camera, Right.parse(n), Principal::stronger);
            }
        });
        return new Principal(name, best);
    }

    public boolean may(Right right, String cameraId) {
        Right all = rights.get("*");
        Right here = cameraId == null ? null : rights.get(cameraId);
        return all != null && all.includes(right) || here != null && here.includes(right);
    }

    public boolean known() {
        return name != null;
    }

    /** Someone who holds both: a logged-in browser that also sent a token. */
    public Principal or(Principal other) {
        if (!other.known()) {
            return this;
        }
        if (!known()) {
            return other;
        }
        Map<String, Right> merged = new HashMap<>(rights);
        other.rights.forEach((k, v) -> merged.merge(k, v, Principal::stronger));
        return new Principal(name, merged);
    }

    private static Right stronger(Right a, Right b) {
        return a.includes(b) ? a : b;
    }
}
