package dev.camgate;

import dev.camgate.config.CameraConfig;
import dev.camgate.config.Config;
import java.util.ArrayList;
import java.util.List;

/**
 * The text printed at start, built from plain values so a test can check every line without a real network.
 * Each hint must work when copied as printed: real addresses, and a Momo command whose camera exists.
 */
record Welcome(Config cfg, int port, boolean tls, String adminToken, List<String> lanHosts) {

    /** Hosts people can type: what camgate listens on, or localhost and every LAN address for "every interface". */
    List<String> hosts() {
        if (!everywhere()) {
            return List.of(cfg.listen().contains(":") ? "[" + cfg.listen() + "]" : cfg.listen());
        }
        List<String> out = new ArrayList<>(List.of("localhost"));
        out.addAll(lanHosts);
        return out;
    }

    boolean everywhere() {
        return cfg.listen().equals("0.0.0.0") || cfg.listen().equals("::");
    }

    String base(String host) {
        return (tls ? "https://" : "http://") + host + ":" + port + cfg.web().basePath() + "/";
    }

    /** A camera on another machine cannot use localhost: the first LAN address when there is one. */
    String hostForCameras() {
        List<String> hosts = hosts();
        return hosts.size() > 1 ? hosts.get(1) : hosts.get(0);
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        List<String> hosts = hosts();
        if (adminToken != null) {
            String label = "  log in:      ";
            for (String host : hosts) {
                out.add(label + base(host) + "login?token=" + adminToken);
                label = "               ";
            }
            out.add("               (open one once in your browser; the token is kept in " + cfg.stateDirectory() + ")");
        }
        out.add("  dashboard:   " + String.join("  ", hosts.stream().map(this::base).toList()));
        out.add("  a camera:    open " + base(hostForCameras()) + "publish in a browser with a webcam, or connect Momo:");
        out.addAll(momoHint());
        out.add("  cameras configured: " + cfg.cameras().size());
        return out;
    }

    /**
     * Momo in ayame mode joins a room only with a configured camera's id and key (a made-up key is refused,
     * and the admin token would open a plain room the dashboard never shows), so without one the hint says
     * how to add one. Momo's global flags go before the mode word, the mode's own flags after it.
     */
    private List<String> momoHint() {
        String signaling = (tls ? "wss://" : "ws://") + hostForCameras() + ":" + port + cfg.web().basePath() + "/signaling";
        CameraConfig ayame = cfg.cameras().stream().filter(c -> c.type().equals("ayame")).findFirst().orElse(null);
        List<String> out = new ArrayList<>();
        String id;
        String key;
        if (ayame == null) {
            id = "garage";
            key = dev.camgate.auth.Tokens.random().substring(0, 24);
            out.add("               1. put this in camgate.yaml (the key is a fresh random one; keep it or choose your own):");
            out.add("                    cameras:");
            out.add("                      - {id: " + id + ", type: ayame, key: " + key + "}");
            out.add("               2. start camgate with --config camgate.yaml");
            out.add("               3. on the camera's machine run:");
        } else {
            id = ayame.id();
            key = "<the key of '" + id + "' in your config>";
            out.add("               on the camera's machine run:");
        }
        out.add("                    ./momo --no-audio-device ayame --signaling-url " + signaling + " --room-id " + id
                + " --signaling-key " + key);
        return out;
    }
}
