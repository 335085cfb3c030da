package dev.camgate.camera;

import dev.camgate.config.Config;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;

/** What the hub lends to cameras: its settings, its event loops (for outbound links) and its clock. */
public record CameraContext(Config hub, EventLoopGroup loops, Clock clock) {
}
