package dev.camgate.hostile;

import static dev.camgate.hostile.Hostile.closeQuietly;
import static dev.camgate.hostile.Hostile.millisSince;
import static dev.camgate.hostile.Hostile.problemsForEveryoneElse;
import static dev.camgate.hostile.Hostile.tail;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.CamgateProcess;
import dev.camgate.testing.RawWs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that mean harm, or are just broken, against a real hub process with a 64 MiB heap as ./camgate runs
 * it (serial GC, small young generation). Each test attacks for a bounded time and number of bytes, then checks
 * that everyone else is still served: the process is alive and never ran out of memory, GET /healthz answers
 * within 2 s, a fresh room relays an offer and an answer, and resident memory stays under 300 MiB.
 */
class HostileClientsTest {
    static final long FLOOD_MILLIS = 10_000;
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Pipelined GET /.ok, back to back, from a client that never reads its answers (small receive window). */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pipelinedRequestsThatAreNeverReadDoNotPileUpInTheHub() throws Exception {
        try (CamgateProcess hub = Hostile.hub("auth: none\n")) {
            byte[] chunk = "GET /.ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            try (Hostile.Flood flood = new Hostile.Flood(FLOOD_MILLIS, chunk, () -> Hostile.connect(LOOPBACK, hub.port, 4096, 3_000));
                 Hostile.OomWatch oom = new Hostile.OomWatch(hub, flood.startNanos)) {
                flood.runOut(hub);
                report("pipelining", hub, flood, oom, null);
            }
        }
    }

    /** Ping frames on /signaling, each answered with a pong, from an anonymous client that never reads. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPingFloodOnSignalingThatNeverReadsItsPongsDoesNotPileUpInTheHub() throws Exception {
        try (CamgateProcess hub = Hostile.hub("auth: none\n")) {
            byte[] chunk = Hostile.pingFrames(256);
            try (Hostile.Flood flood = new Hostile.Flood(FLOOD_MILLIS, chunk, () -> Hostile.openWebSocket(hub.port, "/signaling", "", 4096));
                 Hostile.OomWatch oom = new Hostile.OomWatch(hub, flood.startNanos)) {
                flood.runOut(hub);
                report("ping flood on /signaling", hub, flood, oom, null);
            }
        }
    }

    /**
     * A logged-in client on /ws (Momo's p2p protocol) that floods pings and never reads: besides the memory,
     * /ws must be kept alive like /signaling, so a client that never answers the hub's pings is closed within
     * ping_interval + pong_timeout; so is a quiet /ws client that reads but never answers.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLoggedInPingFloodOnWsIsBoundedAndWsHasAKeepAlive() throws Exception {
        long keepAliveMillis = 1_000 + 3_000;
        long margin = 2_000;
        try (CamgateProcess hub = Hostile.hub("ping_interval: 1s\npong_timeout: 3s\n")) {
            String token = hub.adminToken();
            String auth = "Authorization: Bearer " + token + "\r\n";
            Socket quiet = Hostile.openWebSocket(hub.port, "/ws", auth, 0);
            long quietOpened = System.nanoTime();
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            try {
                Future<Long> quietClosed = pool.submit(() -> closedAfter(quiet, quietOpened, keepAliveMillis + margin));
                byte[] chunk = Hostile.pingFrames(256);
                try (Hostile.Flood flood = new Hostile.Flood(FLOOD_MILLIS, chunk, () -> Hostile.openWebSocket(hub.port, "/ws", auth, 4096));
                     Hostile.OomWatch oom = new Hostile.OomWatch(hub, flood.startNanos)) {
                    flood.runOut(hub);
                    long quietMillis = quietClosed.get(keepAliveMillis + margin + 5_000, TimeUnit.MILLISECONDS);
                    List<String> problems = problemsForEveryoneElse(hub, token);
                    long floodClosed = flood.firstClosedAtMillis.get();
                    if (floodClosed < 0 || floodClosed > keepAliveMillis + margin) {
                        problems.add("the flooding /ws client, which never reads and so never answers a ping, was closed by the hub "
                                + (floodClosed < 0 ? "never in " + FLOOD_MILLIS + " ms" : "only after " + floodClosed + " ms")
                                + " (ping_interval 1s + pong_timeout 3s + " + margin + " ms margin)");
                    }
                    if (quietMillis < 0) {
                        problems.add("a quiet /ws client that reads but never answers a ping was still open after "
                                + (keepAliveMillis + margin) + " ms (ping_interval 1s + pong_timeout 3s + margin): /ws has no keep-alive");
                    }
                    System.out.printf("/ws flood: %s; quiet /ws client closed after %d ms; RSS %d MiB%n", flood.summary(), quietMillis,
                            hub.rssBytes() >> 20);
                    assertTrue(problems.isEmpty(), "after " + FLOOD_MILLIS + " ms of pings on /ws by a logged-in client that never reads ("
                            + flood.summary() + ")" + oom.describe() + ": " + problems + "\nhub output ends:\n" + tail(hub, 12));
                }
            } finally {
                closeQuietly(quiet);
                pool.shutdownNow();
            }
        }
    }

    /**
     * Every connection that is not getting on with it is closed within its timeout, and none well before it;
     * clients that are slow but steady, or come back within idle_timeout, are not cut off.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void connectionsThatStallAreClosedWithinTheirTimeoutsAndActiveOnesAreNot() throws Exception {
        long request = 1_000;
        long idle = 2_000;
        long register = 1_000;
        long margin = 1_500;
        try (CamgateProcess hub = Hostile.hub("auth: none\nlimits: {request_timeout: 1s, idle_timeout: 2s, register_timeout: 1s}\n")) {
            int port = hub.port;
            Map<String, Callable<String>> cases = new LinkedHashMap<>();
            cases.put("an idle TCP connection that sends nothing", () -> {
                Socket s = Hostile.connect(port, 3_000);
                long opened = System.nanoTime();
                return expectClosed(s, opened, 500, Math.max(request, idle) + margin, null);
            });
            cases.put("a partial request line, one byte every 250 ms (slowloris)", () -> {
                Socket s = Hostile.connect(port, 3_000);
                byte[] line = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                long first = System.nanoTime();
                return expectClosed(s, first, request * 7 / 10, request + margin, trickle(s, line));
            });
            cases.put("partial headers, one byte every 250 ms (slowloris)", () -> {
                Socket s = Hostile.connect(port, 3_000);
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                long first = System.nanoTime();
                return expectClosed(s, first, request * 7 / 10, request + margin, trickle(s, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));
            });
            cases.put("half a WebSocket handshake", () -> {
                Socket s = Hostile.connect(port, 3_000);
                String whole = new String(Hostile.upgradeRequest(port, "/signaling", ""), StandardCharsets.US_ASCII);
                s.getOutputStream().write(whole.substring(0, whole.indexOf("Sec-WebSocket-Key")).getBytes(StandardCharsets.US_ASCII));
                long first = System.nanoTime();
                return expectClosed(s, first, request * 7 / 10, request + margin, null);
            });
            cases.put("an upgraded /signaling socket that never registers", () -> {
                Socket s = Hostile.openWebSocket(port, "/signaling", "", 0);
                long opened = System.nanoTime();
                return expectClosed(s, opened, register * 7 / 10, register + margin, null);
            });
            cases.put("a keep-alive connection left idle after one request", () -> {
                Socket s = Hostile.connect(port, 3_000);
                String status = oneRequest(s, "GET /.ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                if (status == null || !status.contains(" 200 ")) {
                    closeQuietly(s);
                    return "the one request was answered " + status;
                }
                long answered = System.nanoTime();
                return expectClosed(s, answered, idle * 3 / 4, idle + margin, null);
            });
            cases.put("a slow but steady 32 KiB request sent over 600 ms (within request_timeout)", () -> {
                try (Socket s = Hostile.connect(port, 3_000)) {
                    byte[] body = "b".repeat(32 * 1024).getBytes(StandardCharsets.US_ASCII);
                    OutputStream out = s.getOutputStream();
                    out.write(("GET /.ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (int off = 0; off < body.length; off += 4096) {
                        long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(75);
                        out.write(body, off, 4096);
                        // pace the pieces; after the last one the answer is due, so stop watching
                        if (off + 4096 < body.length && peerClosed(s, next)) {
                            return "closed by the hub while its request was still arriving steadily, after " + (off + 4096) + " body bytes";
                        }
                    }
                    String status = Hostile.readHead(s.getInputStream());
                    return status != null && status.contains(" 200 ") ? null : "answered " + status + " instead of 200";
                }
            });
            cases.put("a keep-alive client sending a request every 1.2 s for 3.6 s (under idle_timeout, past request_timeout)", () -> {
                try (Socket s = Hostile.connect(port, 3_000)) {
                    long start = System.nanoTime();
                    for (int i = 0; i < 4; i++) {
                        if (i > 0 && peerClosed(s, start + TimeUnit.MILLISECONDS.toNanos(1_200L * i))) {
                            return "closed by the hub " + millisSince(start) + " ms in, after " + i + " answered requests";
                        }
                        String status = oneRequest(s, "GET /.ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                        if (status == null || !status.contains(" 200 ")) {
                            return "request " + (i + 1) + ", " + millisSince(start) + " ms in, was answered " + status;
                        }
                    }
                    return null;
                }
            });
            cases.put("a registered /signaling client, quiet for 2.5 s (past register_timeout)", () -> {
                try (RawWs ws = RawWs.connect(LOOPBACK, port, 2_500)) {
                    if (ws == null) {
                        return "the upgrade was refused";
                    }
                    ws.sendText("{\"type\":\"register\",\"roomId\":\"registered-" + System.nanoTime() + "\"}");
                    String accept = ws.nextText();
                    if (accept == null || !accept.contains("\"accept\"")) {
                        return "register was answered " + accept;
                    }
                    long registered = System.nanoTime();
                    while (millisSince(registered) < 2_500) {
                        try {
                            if (ws.nextText() == null) {
                                return "closed by the hub " + millisSince(registered) + " ms after it registered";
                            }
                        } catch (SocketTimeoutException e) {
                            return null; // still open, nothing sent: fine
                        }
                    }
                    return null;
                }
            });

            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            Map<String, Future<String>> running = new LinkedHashMap<>();
            try {
                cases.forEach((name, c) -> running.put(name, pool.submit(c)));
                List<String> problems = new ArrayList<>();
                for (var e : running.entrySet()) {
                    String problem;
                    try {
                        problem = e.getValue().get(15, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException ex) {
                        problem = "failed: " + ex.getCause();
                    } catch (java.util.concurrent.TimeoutException ex) {
                        problem = "did not finish within 15 s";
                    }
                    if (problem != null) {
                        problems.add(e.getKey() + ": " + problem);
                    }
                }
                problems.addAll(problemsForEveryoneElse(hub, null));
                assertTrue(problems.isEmpty(), "with request_timeout 1s, idle_timeout 2s, register_timeout 1s (margin " + margin + " ms):\n  "
                        + String.join("\n  ", problems));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * 60 idle connections against max_connections 50 (from 60 loopback addresses, so connections_per_ip is not
     * what stops them): a new client gets a 503 that says why, or is closed at once; once some close the hub
     * answers again; and all this costs a line or two of log, not a stack trace per connection.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void overMaxConnectionsANewClientGetsA503AndTheHubRecovers() throws Exception {
        try (CamgateProcess hub = Hostile.hub("auth: none\nlimits: {max_connections: 50, connections_per_ip: 1000}\n")) {
            int linesBefore = hub.outputSoFar().size();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 1; i <= 60; i++) {
                    idle.add(Hostile.connect(InetAddress.getByAddress(new byte[] {127, 0, 4, (byte) i}), hub.port, 0, 2_000));
                }
                // The hub may take a moment to count them all: a new client must be turned away within 3 s.
                InetAddress newcomer = InetAddress.getByAddress(new byte[] {127, 0, 5, 1});
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                String answer;
                do {
                    answer = newClient(newcomer, hub.port);
                } while (!answer.startsWith("refused") && System.nanoTime() < end);
                assertTrue(answer.startsWith("refused"), "with 60 connections open and max_connections 50, a new client's GET /healthz was "
                        + answer + ", not a 503 with a reason nor closed at once");

                for (Socket s : idle.subList(0, 20)) {
                    closeQuietly(s);
                }
                long closed = System.nanoTime();
                String health;
                do {
                    health = Hostile.healthz(hub.port);
                } while (health != null && millisSince(closed) < 3_000);
                assertTrue(health == null, "after 20 of the 60 idle connections closed, GET /healthz still failed 3 s later: " + health);

                List<String> problems = problemsForEveryoneElse(hub, null);
                List<String> output = hub.outputSoFar();
                List<String> during = output.subList(Math.min(linesBefore, output.size()), output.size());
                long traceLines = during.stream().filter(l -> l.startsWith("\tat ") || l.contains("Exception")).count();
                if (traceLines > 10 || during.size() > 60) {
                    problems.add("the hub printed " + during.size() + " lines (" + traceLines + " of stack traces) for 61 connections over the limit");
                }
                assertTrue(problems.isEmpty(), "over max_connections: " + problems + "\nhub output ends:\n" + tail(hub, 12));
            } finally {
                idle.forEach(Hostile::closeQuietly);
            }
        }
    }

    // ---- helpers ----

    private static void report(String what, CamgateProcess hub, Hostile.Flood flood, Hostile.OomWatch oom, String key) {
        List<String> problems = problemsForEveryoneElse(hub, key);
        System.out.printf("%s: %s; RSS %d MiB; problems: %s%n", what, flood.summary(), hub.rssBytes() >> 20, problems);
        assertTrue(problems.isEmpty(), what + ", " + flood.summary() + oom.describe() + ": " + problems + "\nhub output ends:\n" + tail(hub, 12));
    }

    /** Sends one request and reads its (bodiless) answer's status line; null if the hub closed first. */
    private static String oneRequest(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return Hostile.readHead(s.getInputStream());
    }

    /** A new client's GET /healthz: "refused: ..." when it got a 503 with a body or was closed within 1 s, else what it got. */
    private static String newClient(InetAddress source, int port) {
        long start = System.nanoTime();
        try (Socket s = Hostile.connect(source, port, 0, 1_000)) {
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String status = Hostile.readHead(in);
            if (status == null) {
                return "refused: closed after " + millisSince(start) + " ms";
            }
            if (status.contains(" 503 ")) {
                String body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                return body.isBlank() ? "a 503 without a reason" : "refused: 503 " + body.strip();
            }
            return "answered \"" + status + "\"";
        } catch (SocketTimeoutException e) {
            return "left hanging for 1 s with no answer";
        } catch (IOException e) {
            return millisSince(start) < 1_000 ? "refused: " + e : e.toString();
        }
    }

    /** Sends {@code bytes} one every 250 ms from a virtual thread, until done or the socket fails. */
    private static Thread trickle(Socket s, byte[] bytes) {
        return Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = s.getOutputStream();
                for (byte b : bytes) {
                    out.write(b);
                    Thread.sleep(250); // the attack itself: a byte every quarter second
                }
            } catch (IOException | InterruptedException e) {
                // closed: what we wait for
            }
        });
    }

    /**
     * null if the hub closed {@code s} between {@code min} and {@code max} ms after {@code since}; else what happened.
     * Always closes {@code s} and stops {@code writer}.
     */
    private static String expectClosed(Socket s, long since, long min, long max, Thread writer) throws IOException {
        try {
            long at = closedAfter(s, since, max);
            if (at < 0) {
                return "still open " + max + " ms later (timeout + margin)";
            }
            if (at < min) {
                return "closed too early, after " + at + " ms (expected no sooner than " + min + " ms)";
            }
            return null;
        } finally {
            if (writer != null) {
                writer.interrupt();
            }
            closeQuietly(s);
        }
    }

    /** ms after {@code since} at which the hub closed or reset {@code s}, reading whatever it sends; -1 if open {@code max} ms after. */
    private static long closedAfter(Socket s, long since, long max) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        while (true) {
            long left = max - millisSince(since);
            if (left <= 0) {
                return -1;
            }
            s.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(buf) < 0) {
                    return millisSince(since);
                }
            } catch (SocketTimeoutException e) {
                // loop: the deadline decides
            } catch (SocketException e) {
                return millisSince(since); // reset
            }
        }
    }

    /** Waits until {@code until} (System.nanoTime) for the hub to close {@code s}; true if it did (data read is dropped). */
    private static boolean peerClosed(Socket s, long until) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
        if (left <= 0) {
            return false;
        }
        int before = s.getSoTimeout();
        try {
            return closedAfter(s, System.nanoTime(), left) >= 0;
        } finally {
            s.setSoTimeout(before);
        }
    }
}
