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
import io.netty.channel.nio.NioIoHandler;
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

/** The media port end to end on loopback: ICE-lite, DTLS, SRTP both ways, and what it does with strangers. */
class MediaPortTest {
    static EventLoopGroup loops;
    static MediaPort port;
    static InetSocketAddress address;

    @BeforeAll
    static void open() throws Exception {
        SrtpSession.warmUp();
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        port = MediaPort.open(loops, new InetSocketAddress("127.0.0.1", 0), HubCertificate.generate(), Executors.newVirtualThreadPerTaskExecutor());
        address = new InetSocketAddress("127.0.0.1", port.port());
    }

    @AfterAll
    static void close() {
        port.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A handler that records what the session heard. */
    static final class Recorder implements PeerSession.Handler {
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
