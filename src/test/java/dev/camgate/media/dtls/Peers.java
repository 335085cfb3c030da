package dev.camgate.media.dtls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Test plumbing: listeners that record, executors that remember their threads, and pipes between sessions. */
final class Peers {
    private Peers() {
    }

    /** Records what a session reported, and how many times. */
    static final class Outcome implements DtlsSession.Listener {
        final CompletableFuture<SrtpKeys> connected = new CompletableFuture<>();
        final CompletableFuture<String> failed = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void connected(SrtpKeys keys) {
            calls.incrementAndGet();
            connected.complete(keys);
        }

        @Override
        public void failed(String reason) {
            calls.incrementAndGet();
            failed.complete(reason);
        }

        @Override
        public void closed(String reason) {
            calls.incrementAndGet();
            closed.complete(reason);
        }

        /** The keys, or an AssertionError naming the failure when the handshake failed instead. */
        SrtpKeys keys() throws Exception {
            Object first = CompletableFuture.anyOf(connected, failed).get(20, TimeUnit.SECONDS);
            if (first instanceof SrtpKeys keys) {
                return keys;
            }
            throw new AssertionError("the handshake failed: " + first);
        }

        String failure() throws Exception {
            return failed.get(20, TimeUnit.SECONDS);
        }
    }

    /** Virtual threads, remembered so a test can check each one ended. */
    static final class Threads implements Executor {
        final List<Thread> started = new CopyOnWriteArrayList<>();

        @Override
        public void execute(Runnable task) {
            started.add(Thread.ofVirtual().name("dtls-test-", started.size()).start(task));
        }

        /** Waits for every thread to end; false if one is still running after the deadline. */
        boolean allEnd(long seconds) throws InterruptedException {
            for (Thread t : started) {
                if (!t.join(java.time.Duration.ofSeconds(seconds))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** What a pipe does with the n-th datagram in one direction. */
    interface Fate {
        /** 0 deliver, 1 drop, 2 hold back and deliver after the next one (a reorder). */
        int of(int n, byte[] datagram);
    }

    static final Fate RELIABLE = (n, d) -> 0;

    /** One direction of a pipe: hands copies to a session's receive(), as an event loop would. */
    static final class Wire implements DtlsSession.DatagramSender {
        private final Fate fate;
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        volatile DtlsSession target;
        private byte[] held;
        private int n;

        Wire(Fate fate) {
            this.fate = fate;
        }

        @Override
        public synchronized void send(byte[] buf, int off, int len) {
            byte[] d = Arrays.copyOfRange(buf, off, off + len);
            sent.add(d);
            List<byte[]> out = new ArrayList<>(2);
            switch (fate.of(n++, d)) {
                case 1 -> { }
                case 2 -> {
                    if (held != null) {
                        out.add(held);
                    }
                    held = d;
                }
                default -> {
                    out.add(d);
                    if (held != null) {
                        out.add(held);
                        held = null;
                    }
                }
            }
            DtlsSession t = target;
            for (byte[] x : out) {
                if (t != null) {
                    t.receive(x, 0, x.length);
                }
            }
        }
    }

    /** A client and a server joined by two wires. */
    static final class Pair {
        final Outcome clientOutcome = new Outcome();
        final Outcome serverOutcome = new Outcome();
        final Threads threads = new Threads();
        final Wire toServer;
        final Wire toClient;
        final DtlsServerSession server;
        final DtlsClientSession client;

        Pair(HubCertificate hub, HubCertificate viewer, Fingerprint serverExpects, Fingerprint clientExpects,
                DtlsSession.Settings settings, List<SrtpProfile> offer, Fate toServerFate, Fate toClientFate) {
            toServer = new Wire(toServerFate);
            toClient = new Wire(toClientFate);
            server = new DtlsServerSession(hub, serverExpects, toClient, serverOutcome, threads, settings);
            toServer.target = server;
            client = new DtlsClientSession(viewer, clientExpects, toServer, clientOutcome, threads, settings, offer);
            toClient.target = client;
        }

        static Pair honest(HubCertificate hub, HubCertificate viewer, DtlsSession.Settings settings, List<SrtpProfile> offer,
                Fate toServer, Fate toClient) {
            return new Pair(hub, viewer, viewer.fingerprint(), hub.fingerprint(), settings, offer, toServer, toClient);
        }

        void close() {
            client.close();
            server.close();
        }
    }
}
