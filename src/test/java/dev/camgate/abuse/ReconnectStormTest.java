package dev.camgate.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.camgate.auth.Tokens;
import dev.camgate.testing.RawWs;
import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * momo#204: Momo with a wrong key reconnects the moment it is rejected, forever. Fifty of them, each from
 * its own address, hammer the hub for ten seconds while another room relays messages. The other room must
 * keep working, the storm must be slowed to a trickle by the growing back-off (per address, and per room
 * from all addresses, so most of them wait their turn), and the log must say what is happening once per
 * address and once for the room, not once per attempt. The latency and CPU figures are printed for
 * the notes; they are not asserted (a busy CI machine would make them flap).
 */
class ReconnectStormTest {
    static final int CLIENTS = 50;
    static final long STORM_MILLIS = 10_000;

    @Test
    void fiftyWrongKeyMomosReconnectingAtOnceHurtNobodyElse() throws Exception {
        String token = Tokens.random();
        Logger guardLog = (Logger) LoggerFactory.getLogger(AbuseGuard.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        guardLog.addAppender(log);
        try (TestHub hub = TestHub.start("""
                auth:
                  tokens: [{name: family, token_hash: "%s", rights: {"*": publish}}]
                limits: {}
                cameras:
                  - {id: porch, type: ayame, key: porch-camera-key}
                """.formatted(Tokens.hash(token)));
             WsClient a = hub.client(); WsClient b = hub.client()) {
            String key = "\"signalingKey\":\"" + token + "\"";
            assertEquals("accept", a.register("other-room", key).get("type").asString());
            assertEquals("accept", b.register("other-room", key).get("type").asString());

            relayLatencies(a, b, 100); // warm-up: the JIT compiles the relay path
            long cpuBefore = hubCpuNanos();
            double[] calm = relayLatencies(a, b, 200);
            long calmCpu = hubCpuNanos() - cpuBefore;

            AtomicInteger attempts = new AtomicInteger();
            AtomicInteger refusals = new AtomicInteger();
            AtomicInteger held = new AtomicInteger();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STORM_MILLIS);
            List<Thread> storm = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (i + 1)});
                storm.add(Thread.ofVirtual().start(() -> momoWithAWrongKey(hub.port(), source, deadline, attempts, refusals, held)));
            }
            // The first seconds: every client's first few attempts are answered at once.
            long burstCpuStart = hubCpuNanos();
            double[] burst = relayLatencies(a, b, 100);
            long burstCpu = hubCpuNanos() - burstCpuStart;
            // Then the steady state Momo would keep up forever: each answer comes later than the last.
            long stormCpuStart = hubCpuNanos();
            double[] during = relayLatencies(a, b, 200);
            long stormCpu = hubCpuNanos() - stormCpuStart;
            for (Thread t : storm) {
                t.join(TimeUnit.MILLISECONDS.toMillis(STORM_MILLIS + 40_000));
            }
            // The other room is still fine afterwards, on the same connections.
            double[] after = relayLatencies(a, b, 20);

            Map<String, Integer> linesPerAddress = new HashMap<>();
            boolean roomLogged = false;
            for (ILoggingEvent e : List.copyOf(log.list)) {
                if (e.getFormattedMessage().startsWith("room 'porch'")) {
                    roomLogged = true; // the one line that says which room is the target, from all addresses
                    continue;
                }
                linesPerAddress.merge(e.getFormattedMessage().split(":")[0], 1, Integer::sum);
            }
            System.out.printf("reconnect storm: %d clients for %d s made %d attempts (%d refusals); other room relay p50/p99: "
                            + "%.2f/%.2f ms calm, %.2f/%.2f ms in the first 2 s, %.2f/%.2f ms after; hub event-loop CPU per 4 s run: "
                            + "%d ms calm, %d ms (first 2 s run) and %d ms after; %d log lines from %d addresses; %d held waiting their turn%n",
                    CLIENTS, STORM_MILLIS / 1000, attempts.get(), refusals.get(), calm[0], calm[1], burst[0], burst[1],
                    during[0], during[1], calmCpu / 1_000_000, burstCpu / 1_000_000 * 2, stormCpu / 1_000_000,
                    log.list.size(), linesPerAddress.size(), held.get());

            assertEquals(20, after.length > 0 ? 20 : 0, "the other room kept relaying");
            // All guess at one room, so past the limit they take turns: each is told no, or is still waiting its turn.
            assertTrue(refusals.get() + held.get() >= CLIENTS, "every storm client was told no or held: " + refusals + " + " + held);
            // Without the delay each client would make hundreds of attempts in ten seconds; with it, a handful.
            assertTrue(attempts.get() < CLIENTS * 20, "the storm was slowed down: " + attempts.get() + " attempts");
            assertTrue(linesPerAddress.keySet().stream().allMatch(k -> k.startsWith("127.0.1.")), linesPerAddress.toString());
            assertTrue(linesPerAddress.values().stream().allMatch(n -> n <= 2), "at most one line a minute per address: " + linesPerAddress);
            assertTrue(roomLogged, "the log says which room is the target");
            assertTrue(linesPerAddress.size() >= 3, "and who was refused: " + linesPerAddress.size() + " addresses logged");
        } finally {
            guardLog.detachAppender(log);
        }
    }

    /** What Momo does with a wrong key: register, get rejected, reconnect at once. */
    private static void momoWithAWrongKey(int port, InetAddress source, long deadline, AtomicInteger attempts, AtomicInteger refusals,
                                          AtomicInteger held) {
        while (System.nanoTime() < deadline) {
            attempts.incrementAndGet();
            try (RawWs ws = RawWs.connect(source, port, 40_000)) {
                if (ws == null) {
                    continue;
                }
                ws.sendText("{\"type\":\"register\",\"roomId\":\"porch\",\"clientId\":\"momo\",\"key\":\"wrong-key\","
                        + "\"ayameClient\":\"WebRTC Native Client Momo 2025.1.3\"}");
                String reply = ws.nextText();
                if (reply != null && reply.contains("\"reject\"")) {
                    refusals.incrementAndGet();
                } else if (reply != null && reply.contains("\"ping\"")) {
                    held.incrementAndGet(); // still waiting for its turn to be checked: the room is backing off
                }
            } catch (java.io.IOException e) {
                // Refused or reset: Momo would just try again, and so do we.
            }
        }
    }

    /** One-way A → hub → B latency in ms for {@code count} offers at 50 a second: p50 and p99. */
    private static double[] relayLatencies(WsClient a, WsClient b, int count) throws InterruptedException {
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            long sent = System.nanoTime();
            a.send("{\"type\":\"offer\",\"sdp\":\"v=0 " + sent + "\"}");
            JsonNode got = b.nextJson();
            assertEquals("v=0 " + sent, got.get("sdp").asString(), "the other room's messages arrive, in order");
            ms[i] = (System.nanoTime() - sent) / 1e6;
            Thread.sleep(20);
        }
        Arrays.sort(ms);
        return new double[] {ms[count / 2], ms[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)]};
    }

    /** CPU used by the hub's event loops (the test's own clients run on other threads). */
    private static long hubCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (var info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith("multiThreadIoEventLoopGroup")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, t);
            }
        }
        return total;
    }
}
