package dev.camgate.http;

import dev.camgate.auth.Principal;
import dev.camgate.auth.Right;
import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraInfo;
import dev.camgate.camera.CameraRegistry;
import dev.camgate.metrics.Metrics;
import java.util.LinkedHashMap;
import dev.camgate.config.Config;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** The JSON API under /api (docs/protocol.md). */
final class Api {
    private final CameraRegistry cameras;
    private final Metrics metrics;
    private final int metricsPort;
    private final Config config;
    private final boolean authEnabled;
    private final long startedNanos = System.nanoTime();

    private final dev.camgate.ice.IceServers ice;
    private final SnapshotRoute snapshots = new SnapshotRoute(dev.camgate.media.snapshot.Snapshots.standard());
    private final RecordingRoutes recordings;

    Api(CameraRegistry cameras, Config config, Metrics metrics, dev.camgate.ice.IceServers ice, dev.camgate.recording.Recordings recordings) {
        this.ice = ice;
        this.recordings = new RecordingRoutes(recordings);
        this.cameras = cameras;
        this.metrics = metrics;
        this.metricsPort = config.metricsPort();
        this.config = config;
        this.authEnabled = config.auth().enabled();
    }

    /**
     * The camera id a p2p page means: the one it names (whether the caller may view it is for the admission
     * to say, as on /signaling), else the first they may see; null if they may see none.
     */
    String defaultCamera(String wanted, Principal who) {
        if (wanted != null) {
            return wanted;
        }
        return cameras.list().stream().filter(c -> who.may(Right.VIEW, c.id())).findFirst().map(CameraInfo::id).orElse(null);
    }

    /** Prometheus text format. */
    void metrics(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (metricsPort > 0) {
            Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "metrics are served on port " + metricsPort + " (metrics_port)");
            return;
        }
        Responses.send(ctx, req, HttpResponseStatus.OK, Metrics.CONTENT_TYPE, metrics.scrape());
    }

    /** For service managers and load balancers: up, version, uptime, cameras online / total. */
    void health(ChannelHandlerContext ctx, FullHttpRequest req) {
        var all = cameras.list();
        long online = all.stream().filter(c -> c.status() != CameraInfo.Status.OFFLINE).count();
        String version = Api.class.getPackage().getImplementationVersion();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "up");
        body.put("version", version == null ? "development" : version);
        body.put("uptimeSeconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        body.put("cameras", Map.of("online", online, "total", all.size()));
        Responses.json(ctx, req, HttpResponseStatus.OK, Json.MAPPER.writeValueAsBytes(body));
    }

    /** @param who a known principal (the router answers 401 for anyone else) */
    void handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Principal who) {
        if (path.equals("/api/cameras")) {
            var visible = cameras.list().stream().filter(c -> who.may(Right.VIEW, c.id())).toList();
            Responses.json(ctx, req, HttpResponseStatus.OK, Json.MAPPER.writeValueAsBytes(Map.of("cameras", visible)));
        } else if (path.startsWith("/api/cameras/")) {
            String rest = path.substring("/api/cameras/".length());
            int slash = rest.indexOf('/');
            String id = slash < 0 ? rest : rest.substring(0, slash);
            String sub = slash < 0 ? null : rest.substring(slash + 1);
            boolean snapshot = SnapshotRoute.NAME.equals(sub);
            boolean playback = sub != null && (sub.equals("recordings") || sub.startsWith("recordings/") || sub.equals("clip.mp4"));
            Right needed = playback ? Right.PLAYBACK : Right.VIEW;
            Camera camera = cameras.find(id);
            if (!who.may(needed, id)) {
                // The same answer whether or not the camera exists: ids are not for guessing.
                Responses.error(ctx, req, HttpResponseStatus.FORBIDDEN, "'" + who.name() + "' may not "
                        + (playback ? "watch recordings of" : "view") + " '" + id + "'");
            } else if (camera == null) {
                Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no camera '" + id + "'");
            } else if (snapshot) {
                snapshots.handle(ctx, req, id, camera);
            } else if (playback) {
                recordings.handle(ctx, req, id, sub);
            } else if (sub != null) {
                Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no API at " + path);
            } else {
                Responses.json(ctx, req, HttpResponseStatus.OK, Json.MAPPER.writeValueAsBytes(camera.info()));
            }
        } else if (path.equals("/api/recordings")) {
            if (who.rights().values().stream().noneMatch(r -> r.includes(Right.PLAYBACK))) {
                Responses.error(ctx, req, HttpResponseStatus.FORBIDDEN, "'" + who.name() + "' may not watch recordings of any camera");
            } else {
                recordings.summary(ctx, req);
            }
        } else if (path.equals("/api/client-config")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("iceServers", ice.forClient(null, who.name()));
            body.put("turn", ice.hasTurn());
            body.put("signalingPath", config.web().basePath() + "/signaling");
            body.put("auth", authEnabled);
            body.put("user", who.name());
            body.put("mayPublish", who.rights().values().stream().anyMatch(r -> r.includes(Right.PUBLISH)));
            body.put("mayPlayback", who.rights().values().stream().anyMatch(r -> r.includes(Right.PLAYBACK)));
            Responses.json(ctx, req, HttpResponseStatus.OK, Json.MAPPER.writeValueAsBytes(body));
        } else {
            Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no API at " + path);
        }
    }
}
