package dev.camgate.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.srtp.SrtpSession;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import dev.camgate.net.Transport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The media port end to end on loopback: ICE-lite, DTLS, SRTP both ways, and what it does with strangers. On the
 * transport the hub picks here (epoll on Linux x86-64); {@link MediaPortNioTest} runs the same on NIO.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaPortTest {
    EventLoopGroup loops;
    MediaPort port;
    InetSocketAddress address;

    Transport transport() {
        return Transport.best();
    }

    @BeforeAll
    void open() throws Exception {
        SrtpSession.warmUp();
        loops = new MultiThreadIoEventLoopGroup(1, transport().handlers());
        assertEquals(transport(), Transport.of(loops));
        port = MediaPort.open(loops, new InetSocketAddress("127.0.0.1", 0), HubCertificate.generate(), Executors.newVirtualThreadPerTaskExecutor());
        address = new InetSocketAddress("127.0.0.1", port.port());
    }

    @AfterAll
    void close() {
        port.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A handler that records what the session heard. */
    static class Recorder implements PeerSession.Handler {
        final CompletableFuture<PeerSession> secure = new CompletableFuture<>();
        final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void secure(PeerSession session) {
            secure.complete(session);
        }

        @Override
        public void rtp(byte[] buf, int off, int len, long now) {
            rtp.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void rtcp(byte[] buf, int off, int len, long now) {
        }

        @Override
        public void closed(String why) {
            closed.complete(why);
        }
    }

    static byte[] rtpPacket(int seq) {
        byte[] p = new byte[112];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[11] = 7; // SSRC 7
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * seq);
        }
        return p;
    }

    PeerSession open(TestPeer peer, Recorder recorder) throws Exception {
        return port.loop().submit(() -> {
            PeerSession s = port.open(null, "test", recorder);
            s.expect(peer.own.fingerprint());
            return s;
        }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aPeerChecksShakesHandsAndTalksSrtpBothWays() throws Exception {
        Recorder recorder = new Recorder();
        try (TestPeer peer = new TestPeer(address)) {
            PeerSession session = open(peer, recorder);
            InetSocketAddress seen = peer.check(session.localCredentials());
            assertEquals(peer.socket.getLocalPort(), seen.getPort(), "XOR-MAPPED-ADDRESS is the peer's own");
            peer.connect(port.certificate().fingerprint());
            recorder.secure.get(10, TimeUnit.SECONDS);

            byte[] up = rtpPacket(1000);
            peer.sendRtp(up);
            assertArrayEquals(up, recorder.rtp.poll(5, TimeUnit.SECONDS), "camgate decrypts what the peer sent");

            byte[] down = rtpPacket(2000);
            port.loop().submit(() -> {
                byte[] buf = java.util.Arrays.copyOf(down, down.length + SrtpSession.MAX_OVERHEAD);
                assertTrue(session.sendRtp(buf, 0, down.length));
            }).get(5, TimeUnit.SECONDS);
            assertArrayEquals(down, peer.rtp.poll(5, TimeUnit.SECONDS), "the peer decrypts what camgate sent");

            port.loop().submit(() -> session.close("test over")).get(5, TimeUnit.SECONDS);
            assertEquals("test over", recorder.closed.get(5, TimeUnit.SECONDS));
            assertEquals(0, (int) port.loop().submit(port::sessions).get());
        }
    }

    /**
     * What a relay does with one camera packet: inside the read that brought it, a copy for each viewer. The
     * copies leave in one batch at the read's end (one sendmmsg on epoll), each to its own address, all intact.
     */
    @Test
    void onePacketInFansOutToEveryPeerWithinTheRead() throws Exception {
        int peers = 3;
        int copies = 200;
        java.util.List<TestPeer> viewers = new java.util.ArrayList<>();
        java.util.List<PeerSession> sessions = new java.util.ArrayList<>();
        Recorder camera = new Recorder() {
            @Override
            public void rtp(byte[] buf, int off, int len, long now) {
                for (int i = 0; i < copies; i++) {
                    for (PeerSession s : sessions) {
                        byte[] plain = rtpPacket(i);
                        byte[] copy = java.util.Arrays.copyOf(plain, plain.length + SrtpSession.MAX_OVERHEAD);
                        assertTrue(s.sendRtp(copy, 0, plain.length));
                    }
                }
            }
        };
        long pooledBefore = port.loop().submit(port::sendBuffersFromPool).get();
        try (TestPeer cam = new TestPeer(address)) {
            for (int p = 0; p < peers; p++) {
                TestPeer v = new TestPeer(address);
                viewers.add(v);
                Recorder r = new Recorder();
                PeerSession s = open(v, r);
                v.check(s.localCredentials());
                v.connect(port.certificate().fingerprint());
                r.secure.get(10, TimeUnit.SECONDS);
                sessions.add(s);
            }
            PeerSession in = open(cam, camera);
            cam.check(in.localCredentials());
            cam.connect(port.certificate().fingerprint());
            camera.secure.get(10, TimeUnit.SECONDS);
            cam.sendRtp(rtpPacket(0));
            for (TestPeer v : viewers) {
                for (int i = 0; i < copies; i++) {
                    byte[] got = v.rtp.poll(5, TimeUnit.SECONDS);
                    assertNotNull(got, "copy " + i + " of " + copies + " reached the peer");
                    assertArrayEquals(rtpPacket(i), got, "copy " + i + " arrives intact and in order");
                }
            }
            assertEquals(pooledBefore, (long) port.loop().submit(port::sendBuffersFromPool).get(),
                    "600 datagrams in one batch fit the port's own reused buffers");
        } finally {
            for (TestPeer v : viewers) {
                v.close();
            }
            port.loop().submit(() -> java.util.List.copyOf(sessions).forEach(s -> s.close("done"))).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWrongPasswordGetsNoAnswerAndLearnsNoAddress() throws Exception {
        Recorder recorder = new Recorder();
        try (TestPeer peer = new TestPeer(address)) {
            PeerSession session = open(peer, recorder);
            var wrong = new dev.camgate.media.stun.IceCredentials(session.localCredentials().ufrag(), "x".repeat(24));
            AssertionError silence = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> peer.check(wrong));
            assertEquals("no STUN answer", silence.getMessage());
            assertNull(port.loop().submit(session::remote).get(), "an unauthenticated check binds no address");
            port.loop().submit(() -> session.close("done")).get();
        }
    }

    @Test
    void junkFromStrangersIsCountedAndDropped() throws Exception {
        long before = port.loop().submit(() -> port.stats().junk + port.stats().unknownSource).get();
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            byte[][] junk = {{0x47, 1, 2, 3}, rtpPacket(1), {22, (byte) 0xfe, (byte) 0xfd, 0, 0}};
            for (byte[] j : junk) {
                stranger.send(new DatagramPacket(j, j.length, address));
            }
            stranger.setSoTimeout(300);
            DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
            assertThrows(java.net.SocketTimeoutException.class, () -> stranger.receive(reply), "strangers get nothing back");
        }
        long after = waitFor(() -> port.loop().submit(() -> port.stats().junk + port.stats().unknownSource).get(), before + 3);
        assertEquals(before + 3, after);
    }

    private static <T extends Throwable> T assertThrows(Class<T> type, org.junit.jupiter.api.function.Executable e, String message) {
        return org.junit.jupiter.api.Assertions.assertThrows(type, e, message);
    }

    interface Probe {
        long read() throws Exception;
    }

    /** The port counts on its loop; a datagram just sent may not be read yet. */
    private static long waitFor(Probe probe, long expected) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long v = probe.read();
        while (v < expected && System.nanoTime() < end) {
            Thread.sleep(10);
            v = probe.read();
        }
        assertNotNull(v);
        return v;
    }
}
