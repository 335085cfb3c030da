package dev.camgate.signaling;

import dev.camgate.abuse.AbuseGuard;
import dev.camgate.auth.Authenticator;
import dev.camgate.auth.AyameWebhooks;
import dev.camgate.config.Config;
import dev.camgate.room.Rooms;

/** Everything a signaling connection needs from the hub: where registers go and who may make them. */
public record Gatekeeper(Rooms rooms, Config config, SignalingStats stats, Authenticator auth, AbuseGuard guard,
                         AyameWebhooks webhooks, dev.camgate.ice.IceServers ice, dev.camgate.log.LogLimit logs) {
}
