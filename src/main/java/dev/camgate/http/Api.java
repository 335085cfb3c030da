package dev.camgate.http;

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
    private final byte[] clientConfig;
    private final long startedNanos = System.nanoTime();

    Api(CameraRegistry cameras, Config config, Metrics metrics) {
        this.cameras = cameras;
        this.metrics = metrics;
        this.metricsPort = config.metricsPort();
        this.clientConfig = Json.MAPPER.writeValueAsBytes(Map.of(
                "iceServers", config.iceServers(),
                "signalingPath", "/signaling"));
    }

    /** The camera a p2p page means: the one it names, else the first configured, else any camera there is. */
    Camera defaultCamera(String wanted) {
        if (wanted != null) {
            return cameras.find(wanted);
        }
        var all = cameras.list();
        return all.isEmpty() ? null : cameras.find(all.get(0).id());
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

    void handle(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        if (path.equals("/api/cameras")) {
            Responses.json(ctx, req, HttpResponseStatus.OK, Json.MAPPER.writeValueAsBytes(Map.of("cameras", cameras.list())));
        } else if (path.startsWith("/api/cameras/")) {
            String id = path.substring("/api/cameras/".length());
            Camera camera = cameras.find(id);
            if (camera == null) {
                Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no camera '" + id + "'");
            } else {
                Responses.json(ctx, req, HttpResponseStatus.OK, Json.MAPPER.writeValueAsBytes(camera.info()));
            }
        } else if (path.equals("/api/client-config")) {
            Responses.json(ctx, req, HttpResponseStatus.OK, clientConfig);
        } else {
            Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no API at " + path);
        }
    }
}
