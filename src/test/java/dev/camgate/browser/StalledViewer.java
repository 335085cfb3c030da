package dev.camgate.browser;

import dev.camgate.media.dtls.DtlsClientSession;
import dev.camgate.media.dtls.DtlsSession;
import dev.camgate.media.dtls.Fingerprint;
import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.dtls.SrtpKeys;
import dev.camgate.media.stun.BindingClient;
import dev.camgate.media.stun.IceCredentials;
import dev.camgate.media.transport.PacketKind;
import dev.camgate.testing.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A viewer of a relayed camera that connects like a browser (signaling, ICE check, DTLS client) and then
 * stops reading its UDP socket, as a phone that went to sleep or a tab whose process hangs: camgate keeps
 * sending to it (UDP has no back-pressure) until its consent runs out. Its socket's receive buffer is made
 * small so that it fills at once and the kernel drops the rest.
 */
final class StalledViewer implements AutoCloseable {
    private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final Pattern PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("a=fingerprint:(\\S+ \\S+)");
    private static final Pattern HOST = Pattern.compile("a=candidate:\\S+ 1 udp \\d+ (\\S+) (\\d+) typ host");

    private final HubCertificate own = HubCertificate.generate();
    private final IceCredentials local = IceCredentials.random(new SecureRandom());
    private final DatagramSocket socket;
    private final WsClient signaling;
    private final ExecutorService handshake = Executors.newVirtualThreadPerTaskExecutor();
    private volatile DtlsClientSession dtls;
    private volatile boolean reading = true;
    private Thread reader;

    private StalledViewer(WsClient signaling) throws IOException {
        this.signaling = signaling;
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setReceiveBufferSize(4096);
    }

    /** Registers as a viewer of {@code cameraId}, completes ICE and DTLS, and from then on reads nothing. */
    static StalledViewer connect(int httpPort, String cameraId) throws Exception {
        StalledViewer v = new StalledViewer(WsClient.connect(httpPort));
        try {
            v.handshake(cameraId);
            return v;
        } catch (Exception | AssertionError e) {
            v.close();
            throw e;
        }
    }

    private void handshake(String cameraId) throws Exception {
        JsonNode accept = signaling.register(cameraId, "\"clientId\":\"stalled-viewer\",\"camgate\":{\"role\":\"viewer\"}");
        if (!"accept".equals(accept.path("type").asString(""))) {
            throw new AssertionError("camgate did not accept the raw viewer: " + accept);
        }
        signaling.send(WsClient.JSON.createObjectNode().put("type", "offer").put("sdp", offer()));
        String answer = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (answer == null && System.nanoTime() < end) {
            JsonNode m = signaling.nextJson();
            if ("answer".equals(m.path("type").asString(""))) {
                answer = m.path("sdp").asString("");
            }
        }
        if (answer == null) {
            throw new AssertionError("no answer from camgate within 10 s");
        }
        IceCredentials hub = new IceCredentials(find(UFRAG, answer), find(PWD, answer));
        Matcher host = HOST.matcher(answer);
        if (!host.find()) {
            throw new AssertionError("camgate's answer has no host candidate: " + answer);
        }
        InetSocketAddress to = new InetSocketAddress(host.group(1), Integer.parseInt(host.group(2)));
        Fingerprint expected = Fingerprint.parse(find(FINGERPRINT, answer));

        CompletableFuture<InetSocketAddress> checked = new CompletableFuture<>();
        CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
        byte[] tx = BindingClient.transactionId(new Random());
        BindingClient stun = new BindingClient();
        reader = Thread.ofPlatform().daemon().name("stalled-viewer").start(() -> read(stun, tx, hub, checked));
        byte[] out = new byte[256];
        int n = stun.writeRequest(out, 0, tx, hub, local.ufrag(), 0x6E0001FFL, 42L, true);
        socket.send(new DatagramPacket(out, n, to));
        checked.get(5, TimeUnit.SECONDS);
        dtls = new DtlsClientSession(own, expected, (buf, off, len) -> {
            try {
                socket.send(new DatagramPacket(buf.clone(), off, len, to));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, new DtlsSession.Listener() {
            @Override
            public void connected(SrtpKeys k) {
                keys.complete(k);
            }

            @Override
            public void failed(String reason) {
                keys.completeExceptionally(new AssertionError("DTLS failed: " + reason));
            }

            @Override
            public void closed(String reason) {
            }
        }, handshake);
        keys.get(10, TimeUnit.SECONDS);
        // From here on the socket is never read again: what camgate sends piles up in the kernel and is dropped.
        reading = false;
        reader.join(1000);
    }

    private void read(BindingClient stun, byte[] tx, IceCredentials hub, CompletableFuture<InetSocketAddress> checked) {
        byte[] buf = new byte[2048];
        while (reading && !socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.setSoTimeout(100);
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            switch (PacketKind.of(buf, 0, p.getLength())) {
                case STUN -> {
                    try {
                        checked.complete(stun.readResponse(buf, 0, p.getLength(), tx, hub));
                    } catch (Exception e) {
                        checked.completeExceptionally(e);
                    }
                }
                case DTLS -> {
                    if (dtls != null) {
                        dtls.receive(java.util.Arrays.copyOf(buf, p.getLength()), 0, p.getLength());
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Chromium's own recvonly offer (a fixture), with this viewer's ICE credentials and certificate. */
    private String offer() throws IOException {
        String sdp;
        try (InputStream in = StalledViewer.class.getResourceAsStream("/dev/camgate/media/sdp/chromium-offer.sdp")) {
            sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        sdp = UFRAG.matcher(sdp).replaceAll("a=ice-ufrag:" + local.ufrag());
        sdp = PWD.matcher(sdp).replaceAll("a=ice-pwd:" + Matcher.quoteReplacement(local.pwd()));
        sdp = FINGERPRINT.matcher(sdp).replaceAll(Matcher.quoteReplacement("a=fingerprint:" + own.fingerprint().sdpValue()));
        return sdp.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new AssertionError("camgate's answer lacks " + p.pattern() + ": " + text);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        reading = false;
        if (dtls != null) {
            dtls.close();
        }
        socket.close();
        signaling.close();
        handshake.shutdownNow();
    }
}
