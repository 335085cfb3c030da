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
            int before = camgate.output.size();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int sent = 0;
            for (; sent < REQUESTS && System.nanoTime() < end; sent++) {
                cut(camgate.port);
            }
            // The hub must have seen every cut request: one more normal request after them proves it is done with them.
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), camgate.port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /.ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().readAllBytes();
            }
            camgate.awaitQuiet();
            List<String> added = List.copyOf(camgate.output).subList(before, camgate.output.size());
            assertTrue(sent >= REQUESTS / 2, "only " + sent + " requests sent in 60 s");
            assertTrue(added.size() <= 5, sent + " cut requests printed " + added.size() + " lines: "
                    + String.join("\n", added.subList(0, Math.min(40, added.size()))));
        }
    }

    private static void cut(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            OutputStream out = s.getOutputStream();
            out.write(CUT_LOGIN);
            out.flush();
        }
    }
}
