package dev.camgate.http;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraRegistry;
import dev.camgate.config.Config;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** The JSON API under /api (docs/protocol.md). */
final class Api {
    private final CameraRegistry cameras;
    private final byte[] clientConfig;

    Api(CameraRegistry cameras, Config config) {
        this.cameras = cameras;
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
