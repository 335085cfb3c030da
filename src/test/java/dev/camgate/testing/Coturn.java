package dev.camgate.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Debian's coturn ({@code turnserver}) on 127.0.0.1 with a static auth secret, as a home user would run it
 * with use-auth-secret, for the duration of a test. Loopback peers are allowed because every peer here is
 * on loopback.
 */
public final class Coturn implements AutoCloseable {
    public static final String BINARY = "/usr/bin/turnserver";
    private final Process process;
    private final Path dir;
    public final int port;

    private Coturn(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static Coturn start(String secret) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException("The TURN tests need Debian's coturn: apt-get install coturn (.ci/run does)");
        }
        Path dir = Files.createTempDirectory("camgate-coturn-");
        int port = freeUdpPort();
        int relayBase = 40_000 + ThreadLocalRandom.current().nextInt(20_000);
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-n",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                "--min-port=" + relayBase, "--max-port=" + (relayBase + 200),
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=camgate.test",
                "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--fingerprint",
                "--userdb=" + dir.resolve("turndb"), "--pidfile=" + dir.resolve("turnserver.pid"),
                "--log-file=stdout", "--simple-log"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.log").toFile()).start();
        Coturn coturn = new Coturn(p, dir, port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IllegalStateException("turnserver exited: " + coturn.log());
            }
            if (coturn.answersStun()) {
                return coturn;
            }
            Thread.sleep(50);
        }
        coturn.close();
        throw new IllegalStateException("turnserver did not start listening within 15 s: " + coturn.log());
    }

    /** Sends a STUN Binding Request (RFC 5389) to the listening port: an answer means TURN is up. */
    boolean answersStun() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(200);
            byte[] request = new byte[20];
            request[1] = 0x01; // Binding Request, length 0
            request[4] = 0x21;
            request[5] = 0x12;
            request[6] = (byte) 0xA4;
            request[7] = 0x42;
            ThreadLocalRandom.current().nextBytes(java.util.Arrays.copyOfRange(request, 8, 20));
            s.send(new java.net.DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
            java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[512], 512);
            s.receive(reply);
            return reply.getLength() >= 20 && reply.getData()[0] == 0x01 && reply.getData()[1] == 0x01;
        } catch (java.net.SocketTimeoutException | java.net.PortUnreachableException notYet) {
            return false;
        }
    }

    public String url() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("turnserver.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
