package dev.camgate.http;

import dev.camgate.camera.Camera;
import dev.camgate.camera.RelayInfo;
import dev.camgate.camera.relay.RelayedCamera;
import dev.camgate.media.snapshot.SnapshotResult;
import dev.camgate.media.snapshot.Snapshots;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/cameras/ID/snapshot.jpg}: a JPEG of the latest keyframe camgate holds of a relayed camera
 * (docs/protocol.md). The caller's rights were checked by {@link Api}. The answer comes when the relay's loop
 * has copied the keyframe and a snapshot thread has decoded it: the connection reads nothing more meanwhile, so
 * a pipelined request cannot be answered before this one.
 */
final class SnapshotRoute {
    static final String NAME = "snapshot.jpg";

    private final Snapshots snapshots;

    SnapshotRoute(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest req, String id, Camera camera) {
        if (!(camera instanceof RelayedCamera relayed)) {
            Responses.error(ctx, req, HttpResponseStatus.CONFLICT, "camera '" + id + "' is not relayed: snapshots are made "
                    + "from the video camgate carries, so only cameras with relay: true have them");
            return;
        }
        RelayInfo relay = camera.info().relay();
        if (relay != null && relay.codec() != null && !relay.codec().equalsIgnoreCase("H264")) {
            Responses.error(ctx, req, HttpResponseStatus.CONFLICT, "snapshots need H.264; camera '" + id + "' sends "
                    + relay.codec());
            return;
        }
        boolean live = relay != null && relay.live();
        // Request headers outlive the released body, so req can be read when the answer is written.
        ctx.channel().config().setAutoRead(false);
        snapshots.take(id, relayed::latestKeyframe).thenAccept(result -> ctx.executor().execute(() -> {
            try {
                answer(ctx, req, id, live, result);
            } finally {
                ctx.channel().config().setAutoRead(true);
            }
        }));
    }

    private static void answer(ChannelHandlerContext ctx, FullHttpRequest req, String id, boolean live, SnapshotResult result) {
        switch (result) {
            case SnapshotResult.Ready ready -> {
                long ageMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(ready.ageNanos()));
                Instant taken = Instant.now().minusMillis(ageMillis);
                Responses.send(ctx, req, HttpResponseStatus.OK, "image/jpeg", ready.jpeg().bytes(), Map.of(
                        "X-Snapshot-Age", String.valueOf(ageMillis / 1000),
                        "Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(taken.atOffset(ZoneOffset.UTC))));
            }
            case SnapshotResult.NoPicture none -> Responses.error(ctx, req, HttpResponseStatus.CONFLICT, live
                    ? "no picture yet: camgate is waiting for a keyframe from camera '" + id + "'"
                    : "no picture yet: nobody is watching camera '" + id + "' (camgate connects to a relayed camera when someone watches)");
            case SnapshotResult.Busy busy -> Responses.error(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "camgate is busy making other snapshots: ask again in a second", Map.of("Retry-After", "1"));
            case SnapshotResult.Failed failed -> Responses.error(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "the snapshot of camera '" + id + "' failed: " + failed.reason());
        }
    }
}
