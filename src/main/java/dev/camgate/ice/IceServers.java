package dev.camgate.ice;

import dev.camgate.config.CameraConfig;
import dev.camgate.config.Config;
import dev.camgate.config.IceServer;
import dev.camgate.config.TurnConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The STUN/TURN servers each client is given, in one place: the configured ones (or a camera's own), plus,
 * with {@code turn}, a TURN server with a credential made for this client alone. The credential follows
 * the TURN REST API scheme that coturn checks with use-auth-secret: username {@code <expiry>:<who>},
 * password base64(HMAC-SHA1(secret, username)). It expires by itself; the secret stays here.
 */
public final class IceServers {
    private final List<IceServer> global;
    private final Map<String, List<IceServer>> perCamera = new HashMap<>();
    private final TurnConfig turn;
    private final Clock clock;

    public IceServers(Config config, Clock clock) {
        this.global = config.iceServers();
        this.turn = config.turn();
        this.clock = clock;
        for (CameraConfig camera : config.cameras()) {
            if (camera.iceServers() != null) {
                perCamera.put(camera.id(), camera.iceServers());
            }
        }
    }

    /**
     * @param cameraId the camera or room the client joins, or null for a page outside any call
     * @param who      a name for the TURN username (who the client is), letters and digits preferred
     */
    public List<IceServer> forClient(String cameraId, String who) {
        List<IceServer> base = cameraId == null ? global : perCamera.getOrDefault(cameraId, global);
        if (!turn.enabled()) {
            return base;
        }
        List<IceServer> out = new ArrayList<>(base);
        out.add(credential(who));
        return out;
    }

    public boolean hasTurn() {
        return turn.enabled() || global.stream().anyMatch(IceServers::isTurn)
                || perCamera.values().stream().flatMap(List::stream).anyMatch(IceServers::isTurn);
    }

    private static boolean isTurn(IceServer s) {
        return s.urls().stream().anyMatch(u -> u.startsWith("turn"));
    }

    IceServer credential(String who) {
        long expiry = clock.instant().plus(turn.ttl()).getEpochSecond();
        // coturn splits the username at the first ':', so "who" must not carry one.
        String user = expiry + ":" + (who == null || who.isBlank() ? "camgate" : who.replace(':', '_'));
        return new IceServer(turn.urls(), user, sign(turn.secret(), user));
    }

    static String sign(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
