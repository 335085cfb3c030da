package dev.camgate.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.camera.browser.BrowserCamera;
import dev.camgate.config.Config;
import dev.camgate.log.LogLimit;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A camera's state changes only on its one event loop, however many threads call it at once: no admission,
 * leave or seat is lost, and the limits hold exactly (docs/architecture.md, Threads).
 */
class CameraLoopTest {
    static final int THREADS = 8;
    static final Inbound.Register CAMERA = new Inbound.Register("cam", null, "camera-key-1", null, null, null, null, false,
            new Inbound.Extension(Inbound.Extension.Role.CAMERA, true, null));
    static EventLoopGroup loops;

    @BeforeAll
    static void start() {
        loops = new DefaultEventLoopGroup(2);
    }

    @AfterAll
    static void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void admissionsAndLeavesFromManyThreadsAtOnceLoseNothingAndRunOnTheCamerasLoop() throws Exception {
        EventLoop loop = loops.next();
        BrowserCamera camera = BrowserCamera.adhoc("cam", "Cam", "camera-key-1", 100, Clock.systemUTC(), loop, c -> {
        });
        FakePeer device = new FakePeer("device", loop);
        assertInstanceOf(Admission.Admitted.class, decided(camera.seat(device, CAMERA)));

        // 160 viewers for 100 places, 20 from each of 8 threads, all let go at the same moment.
        List<List<Admission>> perThread = together(t -> {
            List<Admission> mine = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                mine.add(camera.admit(new FakePeer("v" + t + "-" + i, loop)));
            }
            return mine;
        });
        List<Admission.Admitted> admitted = new ArrayList<>();
        int busy = 0;
        for (List<Admission> mine : perThread) {
            for (Admission a : mine) {
                switch (decided(a)) {
                    case Admission.Admitted in -> admitted.add(in);
                    case Admission.Refused r -> {
                        assertEquals(Refusal.Kind.BUSY, r.refusal().kind(), r.refusal().reason());
                        busy++;
                    }
                    case Admission.Pending p -> throw new AssertionError("a decision is never pending twice");
                }
            }
        }
        assertEquals(100, admitted.size(), "exactly max_viewers get in");
        assertEquals(60, busy);
        assertEquals(100, camera.info().viewers());
        assertEquals(CameraInfo.Status.IN_USE, camera.info().status());

        // Every one of them leaves, each from a thread of its own batch, all at once.
        together(t -> {
            for (int i = t; i < admitted.size(); i += THREADS) {
                admitted.get(i).route().left();
            }
            return null;
        });
        drain(loop);
        assertEquals(0, camera.info().viewers(), "no leave lost");
        assertEquals(CameraInfo.Status.ONLINE, camera.info().status());
        List<String> byes = device.sentTexts();
        assertEquals(100, byes.size(), "the device hears one bye per viewer");
        Set<String> viewerIds = new HashSet<>();
        for (String bye : byes) {
            JsonNode message = JsonMapper.builder().build().readTree(bye);
            assertEquals("bye", message.get("type").asString());
            viewerIds.add(message.get("viewerId").asString());
        }
        assertEquals(100, viewerIds.size(), "each viewer's bye once");
        assertTrue(device.allOnLoop(), "the byes were sent from the camera's loop");

        // The device leaving ends whoever watches, on the loop.
        FakePeer last = new FakePeer("last", loop);
        Admission.Admitted watching = (Admission.Admitted) decided(camera.admit(last));
        assertEquals(1, camera.info().viewers());
        Admission.Admitted seat = (Admission.Admitted) decided(camera.seat(new FakePeer("device-2", loop), CAMERA));
        assertEquals(1, device.byes(), "the older connection is replaced");
        assertEquals(1, last.byes(), "and its viewers with it");
        seat.route().left();
        drain(loop);
        assertEquals(CameraInfo.Status.OFFLINE, camera.info().status());
        assertTrue(last.allOnLoop() && device.allOnLoop());
        watching.route().left(); // tolerated after the camera ended it
    }

    /**
     * Connections take and leave one ad-hoc camera's seat from several threads at once: while a connection
     * holds the seat, the registry finds the camera it sits on, and once all have left the id is free.
     */
    @RepeatedTest(3)
    void anAdhocCameraIsNeverForgottenWhileSomeoneHoldsItsSeat() throws Exception {
        CameraRegistry registry = CameraRegistry.create(List.of(), new CameraContext(Config.defaults(), loops, Clock.systemUTC(), new LogLimit(null)));
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        together(t -> {
            for (int i = 0; i < 200; i++) {
                FakePeer peer = new FakePeer("c" + t + "-" + i, null);
                AtomicReference<DialInCamera> on = new AtomicReference<>();
                Admission admission = decided(registry.withAdhoc("phone",
                        loop -> BrowserCamera.adhoc("phone", null, "camera-key-1", 10, Clock.systemUTC(), loop, registry::removeIfIdle),
                        camera -> {
                            on.set(camera);
                            return camera.seat(peer, CAMERA);
                        }));
                if (!(admission instanceof Admission.Admitted seated)) {
                    problems.add("refused: " + admission);
                    continue;
                }
                Camera found = registry.find("phone");
                // A seat is only lost to a newer connection's bye; until then the camera must be findable.
                if (peer.byes() == 0 && found != on.get()) {
                    problems.add(peer.connectionId() + " sits on a camera the registry does not know: " + found);
                }
                seated.route().left();
            }
            return null;
        });
        for (EventExecutor loop : loops) {
            drain(loop);
        }
        assertEquals(List.of(), problems);
        assertNull(registry.find("phone"), "everyone left: the id is free again");
    }

    /** Runs {@code work} on {@link #THREADS} threads released at the same moment; their results, in order. */
    static <T> List<T> together(IntFunction<T> work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<T>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int n = t;
            CompletableFuture<T> result = new CompletableFuture<>();
            results.add(result);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    result.complete(work.apply(n));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }));
        }
        go.countDown();
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> r : results) {
            out.add(r.get(30, TimeUnit.SECONDS));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return out;
    }

    static Admission decided(Admission admission) {
        try {
            return admission instanceof Admission.Pending p ? p.decision().get(10, TimeUnit.SECONDS) : admission;
        } catch (Exception e) {
            throw new AssertionError("no decision", e);
        }
    }

    /** Waits until the loop has run everything handed to it so far (its queue is first in, first out). */
    static void drain(EventExecutor loop) {
        loop.submit(() -> {
        }).syncUninterruptibly();
    }

    /** A connection that keeps what it is sent, and whether each call came on {@code loop} (null: any thread). */
    static final class FakePeer implements Peer {
        private final String id;
        private final EventLoop loop;
        private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        private final List<Boolean> onLoop = Collections.synchronizedList(new ArrayList<>());
        private volatile int byes;

        FakePeer(String id, EventLoop loop) {
            this.id = id;
            this.loop = loop;
        }

        @Override
        public String connectionId() {
            return id;
        }

        @Override
        public String remote() {
            return "192.0.2.1:5000";
        }

        @Override
        public void send(byte[] json) {
            note();
            sent.add(new String(json, StandardCharsets.UTF_8));
        }

        @Override
        public void bye() {
            note();
            byes++;
        }

        @Override
        public void bye(Refusal why) {
            bye();
        }

        @Override
        public void fail(String reason) {
            throw new AssertionError(id + " failed: " + reason);
        }

        private void note() {
            onLoop.add(loop == null || loop.inEventLoop());
        }

        int byes() {
            return byes;
        }

        List<String> sentTexts() {
            synchronized (sent) {
                return new ArrayList<>(sent);
            }
        }

        boolean allOnLoop() {
            synchronized (onLoop) {
                return !onLoop.isEmpty() && !onLoop.contains(false);
            }
        }
    }
}
