package dev.camgate.camera;

import dev.camgate.config.Config;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;

/**
 * What the hub lends to cameras: its settings, its event loops (for outbound links), its clock, and the
 * limiter for what a camera can make camgate log (a camera that sends garbage must not fill the disk).
 */
public record CameraContext(Config hub, EventLoopGroup loops, Clock clock, dev.camgate.log.LogLimit logs) {
}
