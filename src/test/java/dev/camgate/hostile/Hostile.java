package dev.camgate.hostile;

import dev.camgate.testing.CamgateProcess;
import dev.camgate.testing.RawWs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hostile-client tests share: a hub process as ./camgate runs it but with a 64 MiB heap, raw sockets
 * whose every read and write is bounded in time, floods bounded in time and bytes, and the check that the hub
 * is still fine for everyone else afterwards.
 */
final class Hostile {
    /** As ./camgate starts the JVM, with the heap of a small box. */
    static final List<String> JVM = List.of("-Xmx64m", "-XX:+UseSerialGC", "-Xmn16m");
    static final long RSS_BOUND = 300L << 20;
    /** No flood sends more than this, whatever happens. */
    static final long FLOOD_BYTE_CAP = 2L << 30;
    static final int FLOOD_RECONNECT_CAP = 2_000;

    private Hostile() {
    }

    /** A hub process with this YAML as its config file (`-c`), on a loopback ephemeral port. */
    static CamgateProcess hub(String yaml) throws Exception {
        Path dir = Files.createTempDirectory("camgate-hostile");
        dir.toFile().deleteOnExit();
        Path file = dir.resolve("camgate.yaml");
        Files.writeString(file, yaml);
        file.toFile().deleteOnExit();
        return CamgateProcess.start(JVM, "-c", file.toString());
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** A TCP connection to the hub from {@code source} (any 127.x.y.z), small receive buffer if asked. */
    static Socket connect(InetAddress source, int port, int receiveBuffer, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer); // before connect, so the window is small from the start
            }
            s.setSoTimeout(timeoutMillis);
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    static Socket connect(int port, int timeoutMillis) throws IOException {
        return connect(InetAddress.getLoopbackAddress(), port, 0, timeoutMillis);
    }

    static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** A WebSocket upgrade request for {@code path}, with extra header lines (each ending in \r\n). */
    static byte[] upgradeRequest(int port, String path, String extraHeaders) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads up to the end of the response head; its first line, or null if the connection ended first. */
    static String readHead(InputStream in) throws IOException {
        return dev.camgate.testing.RawWs.readHead(in);
    }

    /** Opens a WebSocket on {@code path}; throws with the hub's answer if it is not 101. */
    static Socket openWebSocket(int port, String path, String extraHeaders, int receiveBuffer) throws IOException {
        Socket s = connect(InetAddress.getLoopbackAddress(), port, receiveBuffer, 3_000);
        try {
            s.getOutputStream().write(upgradeRequest(port, path, extraHeaders));
            String status = readHead(s.getInputStream());
            if (status == null || !status.contains(" 101 ")) {
                throw new IOException("the hub did not upgrade " + path + ": " + status);
            }
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** {@code count} masked ping frames of 125 bytes (the most a control frame may carry), back to back. */
    static byte[] pingFrames(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        for (int i = 0; i < count; i++) {
            out.write(0x89);
            out.write(0x80 | 125);
            out.writeBytes(mask);
            for (int j = 0; j < 125; j++) {
                out.write('p' ^ mask[j % 4]);
            }
        }
        return out.toByteArray();
    }

    /** Opens one connection of a flood; the flood sends to it until it fails, then opens the next. */
    interface Opener {
        Socket open() throws IOException;
    }

    /**
     * A client that writes {@code chunk} over and over and never reads, for {@code millis} or until the byte cap,
     * opening a new connection whenever the hub closes one. Runs on its own thread; {@link #stop} ends it.
     */
    static final class Flood implements AutoCloseable {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong connections = new AtomicLong();
        /** ms from the start when the hub first closed (or reset) a flood connection; -1 if it never did. */
        final AtomicLong firstClosedAtMillis = new AtomicLong(-1);
        final long startNanos = System.nanoTime();
        private final AtomicLong stoppedAtMillis = new AtomicLong(-1);
        private final long deadlineNanos;
        private final Thread thread;
        private volatile Socket current;
        private volatile boolean stopped;
        volatile String lastError;

        Flood(long millis, byte[] chunk, Opener opener) {
            this.deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(millis);
            this.thread = Thread.ofPlatform().daemon().name("hostile-flood").start(() -> run(chunk, opener));
        }

        private void run(byte[] chunk, Opener opener) {
            while (!stopped && System.nanoTime() < deadlineNanos && sent.get() < FLOOD_BYTE_CAP
                    && connections.get() < FLOOD_RECONNECT_CAP) {
                Socket s;
                try {
                    s = opener.open();
                } catch (IOException e) {
                    lastError = "connect: " + e;
                    connections.incrementAndGet();
                    continue;
                }
                current = s;
                connections.incrementAndGet();
                try {
                    var out = s.getOutputStream();
                    while (!stopped && System.nanoTime() < deadlineNanos && sent.get() < FLOOD_BYTE_CAP) {
                        out.write(chunk); // blocks when the hub stops reading: that is the fix working
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    if (!stopped) {
                        firstClosedAtMillis.compareAndSet(-1, millisSince(startNanos));
                        lastError = e.toString();
                    }
                } finally {
                    closeQuietly(s);
                }
            }
        }

        /** Waits until the flood's time is up, or until the hub shows it has died, whichever is first. */
        void runOut(CamgateProcess hub) throws InterruptedException {
            while (System.nanoTime() < deadlineNanos && thread.isAlive()) {
                if (!hub.process.isAlive() || firstOutOfMemory(hub) != null) {
                    break; // no point flooding a dead hub
                }
                thread.join(100);
            }
            stop();
        }

        void stop() throws InterruptedException {
            stoppedAtMillis.compareAndSet(-1, millisSince(startNanos));
            stopped = true;
            closeQuietly(current); // unblocks a write the hub is no longer reading
            thread.join(5_000);
        }

        String summary() {
            return "flooded " + (sent.get() >> 20) + " MiB over " + connections.get() + " connection(s) in " + (stoppedAtMillis.get() < 0 ? millisSince(startNanos) : stoppedAtMillis.get())
                    + " ms; hub first closed a flood connection " + (firstClosedAtMillis.get() < 0 ? "never" : "at " + firstClosedAtMillis.get() + " ms");
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** The first OutOfMemoryError line the hub printed, or null. */
    static String firstOutOfMemory(CamgateProcess hub) {
        synchronized (hub.output) {
            for (String line : hub.output) {
                if (line.contains("OutOfMemoryError")) {
                    return line;
                }
            }
        }
        return null;
    }

    /** Time from {@code since} at which the hub first printed OutOfMemoryError (to the nearest poll), tracked by a watcher. */
    static final class OomWatch implements AutoCloseable {
        final AtomicLong atMillis = new AtomicLong(-1);
        private final Thread thread;

        OomWatch(CamgateProcess hub, long sinceNanos) {
            thread = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted() && atMillis.get() < 0) {
                    if (firstOutOfMemory(hub) != null || !hub.process.isAlive()) {
                        atMillis.set(millisSince(sinceNanos));
                        return;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        String describe() {
            return atMillis.get() < 0 ? "" : " (the hub hit OutOfMemoryError or died " + atMillis.get() + " ms into the flood)";
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /**
     * Everything another user needs, after the attack: the process is alive and printed no OutOfMemoryError,
     * GET /healthz answers 200 within 2 s, a fresh room on /signaling relays an offer and an answer, and the
     * resident memory is under {@link #RSS_BOUND}. Every problem is listed, not just the first.
     *
     * @param signalingKey for a hub with auth on, the key to register with; null with auth: none
     */
    static List<String> problemsForEveryoneElse(CamgateProcess hub, String signalingKey) {
        List<String> problems = new ArrayList<>();
        if (hub.process.isAlive()) {
            String health = healthz(hub.port);
            if (health != null) {
                problems.add("GET /healthz: " + health);
            }
            String relay = relay(hub.port, signalingKey);
            if (relay != null) {
                problems.add("another room did not relay: " + relay);
            }
            long rss = hub.rssBytes();
            if (rss > RSS_BOUND) {
                problems.add("resident memory " + (rss >> 20) + " MiB is over " + (RSS_BOUND >> 20) + " MiB");
            }
        }
        // Last, so that an OutOfMemoryError printed while the checks above waited is seen too.
        if (!hub.process.isAlive()) {
            problems.add(0, "the hub process died (exit code " + hub.process.exitValue() + ")");
        }
        String oom = firstOutOfMemory(hub);
        if (oom != null) {
            problems.add(0, "the hub ran out of memory: \"" + oom.strip() + "\"");
        }
        return problems;
    }

    /** null when GET /healthz answered 200 within 2 s, else what happened. */
    static String healthz(int port) {
        long start = System.nanoTime();
        try (Socket s = connect(port, 2_000)) {
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = readHead(s.getInputStream());
            if (status == null) {
                return "the hub closed the connection without an answer after " + millisSince(start) + " ms";
            }
            if (!status.contains(" 200 ")) {
                return "answered \"" + status + "\"";
            }
            if (millisSince(start) > 2_000) {
                return "took " + millisSince(start) + " ms";
            }
            return null;
        } catch (SocketTimeoutException e) {
            return "no answer within 2 s";
        } catch (IOException e) {
            return e.toString() + " after " + millisSince(start) + " ms";
        }
    }

    /** null when two fresh clients in a new room exchanged an offer and an answer within a few seconds, else what happened. */
    static String relay(int port, String signalingKey) {
        String room = "hostile-check-" + System.nanoTime();
        String key = signalingKey == null ? "" : ",\"signalingKey\":\"" + signalingKey + "\"";
        try (RawWs a = RawWs.connect(InetAddress.getLoopbackAddress(), port, 3_000)) {
            if (a == null) {
                return "the first client's WebSocket upgrade was refused";
            }
            a.sendText("{\"type\":\"register\",\"roomId\":\"" + room + "\",\"clientId\":\"a\"" + key + "}");
            String acceptA = nextNonPing(a);
            if (acceptA == null || !acceptA.contains("\"accept\"")) {
                return "the first client got " + acceptA + " instead of accept";
            }
            try (RawWs b = RawWs.connect(InetAddress.getLoopbackAddress(), port, 3_000)) {
                if (b == null) {
                    return "the second client's WebSocket upgrade was refused";
                }
                b.sendText("{\"type\":\"register\",\"roomId\":\"" + room + "\",\"clientId\":\"b\"" + key + "}");
                String acceptB = nextNonPing(b);
                if (acceptB == null || !acceptB.contains("\"accept\"")) {
                    return "the second client got " + acceptB + " instead of accept";
                }
                String offer = "{\"type\":\"offer\",\"sdp\":\"v=0 hostile check\"}";
                b.sendText(offer);
                String gotOffer = nextNonPing(a);
                if (!offer.equals(gotOffer)) {
                    return "the first client got " + gotOffer + " instead of the offer";
                }
                String answer = "{\"type\":\"answer\",\"sdp\":\"v=0 hostile answer\"}";
                a.sendText(answer);
                String gotAnswer = nextNonPing(b);
                if (!answer.equals(gotAnswer)) {
                    return "the second client got " + gotAnswer + " instead of the answer";
                }
                return null;
            }
        } catch (SocketTimeoutException e) {
            return "no answer within 3 s";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String nextNonPing(RawWs ws) throws IOException {
        for (int i = 0; i < 20; i++) {
            String text = ws.nextText();
            if (text == null || !text.equals("{\"type\":\"ping\"}")) {
                return text;
            }
        }
        return "only pings";
    }

    /** The last lines of the hub's output, to quote in a failure. */
    static String tail(CamgateProcess hub, int lines) {
        List<String> all = hub.outputSoFar();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
