package dev.camgate.camera.relay;

import dev.camgate.media.transport.MediaPort;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every relayed camera shares: the media port and the candidates it is reachable at (the machine's
 * addresses and any announced ones, looked up again now and then since a DHCP lease can change them).
 */
public record RelayContext(MediaPort port, Supplier<List<java.net.InetSocketAddress>> addresses) {
}
