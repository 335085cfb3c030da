package dev.camgate.camera.relay;

import dev.camgate.camera.Camera;
import dev.camgate.config.Config;
import dev.camgate.config.MediaConfig;
import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.transport.HostAddresses;
import dev.camgate.media.transport.MediaPort;
import dev.camgate.net.Transport;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's media plane: its certificate, its UDP port and the addresses it is reachable at. Started only
 * when some camera is relayed, so a signaling-only hub opens no UDP port.
 */
public final class MediaPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaPlane.class);

    private final MediaPort port;
    private final ExecutorService handshakes;
    private final RelayContext context;
    private final InetAddress bound;
    private final List<InetSocketAddress> announced;
    private final boolean announcedOnly;
    private volatile List<InetSocketAddress> addresses;
    private dev.camgate.recording.Recordings recordings;
    private java.util.Set<String> recorded = java.util.Set.of();

    private MediaPlane(MediaPort port, ExecutorService handshakes, InetAddress bound, List<InetSocketAddress> announced,
                       boolean announcedOnly) {
        this.port = port;
        this.handshakes = handshakes;
        this.bound = bound;
        this.announced = announced;
        this.announcedOnly = announcedOnly;
        this.context = new RelayContext(port, this::addresses);
    }

    /** @param tcpPort the port pages are served on: the media port takes the same number unless told otherwise */
    public static MediaPlane start(Config config, EventLoopGroup loops, int tcpPort) throws InterruptedException {
        MediaConfig media = config.media();
        int number = media.port() != null ? media.port() : tcpPort;
        InetAddress bound;
        try {
            bound = InetAddress.getByName(config.listen());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("listen '" + config.listen() + "' is not an address this machine has");
        }
        HubCertificate certificate = HubCertificate.generate();
        dev.camgate.media.srtp.SrtpSession.warmUp();
        ExecutorService handshakes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dtls-", 0).factory());
        MediaPort port;
        try {
            port = MediaPort.open(loops, new InetSocketAddress(bound, number), certificate, handshakes);
        } catch (RuntimeException e) {
            handshakes.shutdownNow();
            throw new IllegalArgumentException("the media port " + number + "/udp cannot be opened (" + e.getMessage()
                    + "): set media.port to a free one");
        }
        List<InetSocketAddress> announced = media.announce().stream()
                .map(MediaConfig.Announced::parse).map(a -> new InetSocketAddress(a.address(), a.port())).toList();
        MediaPlane plane = new MediaPlane(port, handshakes, bound, announced, media.announceOnly());
        plane.refreshAddresses();
        // A DHCP lease or a new interface changes the machine's addresses; new calls get the current ones.
        port.loop().scheduleAtFixedRate(() -> handshakes.execute(plane::refreshAddresses), 1, 1, TimeUnit.MINUTES);
        LOG.info("media plane on UDP port {}: relayed cameras are reached at {}", port.port(), plane.addresses());
        if (Transport.of(loops) == Transport.NIO) {
            // Works the same, at a system call per datagram sent instead of one per batch.
            String why = Transport.epollUnavailable();
            LOG.info("media plane runs on Java NIO{}", why == null ? " (-D" + Transport.PROPERTY + "=nio)" : ": epoll is not available here (" + why + ")");
        }
        return plane;
    }

    public int port() {
        return port.port();
    }

    public MediaPort mediaPort() {
        return port;
    }

    /** Wraps a camera so that camgate carries its video, and records it if it is among {@link #record}'s. */
    public Camera relay(Camera camera) {
        boolean record = recordings != null && recorded.contains(camera.id());
        return RelayedCamera.wrap(camera, context, record ? recordings.recorder(camera.id()) : null);
    }

    /** Before any camera is wrapped: these cameras are recorded into {@code recordings}. */
    public void record(dev.camgate.recording.Recordings recordings, java.util.Set<String> cameras) {
        this.recordings = recordings;
        this.recorded = java.util.Set.copyOf(cameras);
    }

    List<InetSocketAddress> addresses() {
        return addresses;
    }

    /** Off the loops: listing interfaces is a system call per interface. */
    private void refreshAddresses() {
        addresses = HostAddresses.list(bound, port.port(), announced, announcedOnly);
    }

    @Override
    public void close() {
        port.close();
        handshakes.shutdownNow();
    }
}
