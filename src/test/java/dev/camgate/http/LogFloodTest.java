package dev.camgate.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.CamgateProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client that cuts its requests short must not be able to fill the disk with the hub's log. */
class LogFloodTest {
    private static final int REQUESTS = 3_000;
    private static final byte[] CUT_LOGIN = ("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=admin&pass")
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void cutLoginRequestsLeaveAtMostAHandfulOfLines() throws Exception {
        try (CamgateProcess camgate = CamgateProcess.start()) {
            camgate.awaitQuiet(); // the start-up banner follows the listening line; it is not the flood's
            int before = camgate.output.size();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int sent = 0;
            for (; sent < REQUESTS && System.nanoTime() < end; sent++) {
                cut(camgate.port);
            }
            // The hub must have seen every cut request: one more normal request answered after them proves it is
            // done with them. The client never waits for the hub, so it can be hundreds of connections ahead; until
            // the hub has closed them, limits.connections_per_ip refuses the probe (a reset), and it tries again.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!answered(camgate.port)) {
                assertTrue(System.nanoTime() < deadline, "the hub never caught up with the cut requests");
                Thread.sleep(100);
            }
            camgate.awaitQuiet();
            List<String> added = List.copyOf(camgate.output).subList(before, camgate.output.size());
            assertTrue(sent >= REQUESTS / 2, "only " + sent + " requests sent in 60 s");
            assertTrue(added.size() <= 5, sent + " cut requests printed " + added.size() + " lines: "
                    + String.join("\n", added.subList(0, Math.min(40, added.size()))));
        }
    }

    /** What else a client can send to make a server log: none of it may print a stack trace or more than a line a minute. */
    private static final List<byte[]> HOSTILE = List.of(
            "GET /signaling HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".getBytes(StandardCharsets.US_ASCII),
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nname=a".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0},
            "\u0000\u001b[2J\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

    @Test
    void otherHostileInputsLeaveNoStackTraces() throws Exception {
        try (CamgateProcess camgate = CamgateProcess.start()) {
            camgate.awaitQuiet(); // the start-up banner follows the listening line; it is not the flood's
            int before = camgate.output.size();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < 200 && System.nanoTime() < end; i++) {
                for (byte[] hostile : HOSTILE) {
                    send(camgate.port, hostile);
                }
            }
            camgate.awaitQuiet();
            List<String> added = List.copyOf(camgate.output).subList(before, camgate.output.size());
            assertTrue(added.size() <= 2 * HOSTILE.size() && added.stream().noneMatch(l -> l.startsWith("\tat ")),
                    added.size() + " lines: " + String.join("\n", added.subList(0, Math.min(40, added.size()))));
        }
    }

    /** A plain request, answered: false when the hub refused the connection. */
    private static boolean answered(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /.ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().readAllBytes().length > 0;
        } catch (java.net.SocketException refused) {
            return false;
        }
    }

    private static void cut(int port) throws IOException {
        send(port, CUT_LOGIN);
    }

    /** Sends the bytes and closes without waiting for an answer. */
    private static void send(int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
        }
    }
}
