package dev.camgate.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.srtp.SrtpSession;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Junk from a secure peer's own address (a spoofed source, or a broken peer) must not end its session: a forged
 * plaintext DTLS alert, random DTLS records, RTP and RTCP that fail SRTP authentication, random STUN. Media goes
 * on flowing both ways afterwards.
 */
class MediaPortJunkTest {
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

    /** A DTLS 1.2 record header at {@code at}: content type, version, epoch, a sequence number, the length. */
    private static void header(byte[] r, int at, int type, int epoch, int length) {
        r[at] = (byte) type;
        r[at + 1] = (byte) 0xfe;
        r[at + 2] = (byte) 0xfd;
        r[at + 3] = (byte) (epoch >> 8);
        r[at + 4] = (byte) epoch;
        r[at + 11] = (byte) (length >> 8);
        r[at + 12] = (byte) length;
    }

    @Test
    void junkFromASecurePeersAddressDoesNotEndItsSession() throws Exception {
        MediaPortTest.Recorder recorder = new MediaPortTest.Recorder();
        try (TestPeer peer = new TestPeer(address)) {
            PeerSession session = port.loop().submit(() -> {
                PeerSession s = port.open(null, "test", recorder);
                s.expect(peer.own.fingerprint());
                return s;
            }).get(5, TimeUnit.SECONDS);
            peer.check(session.localCredentials());
            peer.connect(port.certificate().fingerprint());
            recorder.secure.get(10, TimeUnit.SECONDS);

            // A fatal handshake_failure alert in the clear (epoch 0), as anyone who knows the address could send.
            byte[] alert = {21, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 9, 0, 2, 2, 40};
            peer.socket.send(new DatagramPacket(alert, alert.length, address));
            // The same alert claiming epoch 1 (too short to be a ciphertext), and close_notify in both epochs.
            byte[][] more = {
                    {21, (byte) 0xfe, (byte) 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 0, 2, 2, 40},
                    {21, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 10, 0, 2, 1, 0},
                    {21, (byte) 0xfe, (byte) 0xfd, 0, 1, 0, 0, 0, 0, 0, 10, 0, 2, 1, 0}};
            for (byte[] m : more) {
                peer.socket.send(new DatagramPacket(m, m.length, address));
            }
            // Encrypted-looking records of every length around the shortest AES-GCM ciphertext (24), some behind a
            // valid-looking first record, and one whose length runs past the datagram.
            Random records = new Random(11);
            for (int size : new int[] {0, 1, 2, 16, 23, 24, 25, 40, 100}) {
                for (int type : new int[] {21, 22, 23}) {
                    byte[] r = new byte[13 + size];
                    records.nextBytes(r);
                    header(r, 0, type, 1, size);
                    peer.socket.send(new DatagramPacket(r, r.length, address));
                    byte[] two = new byte[13 + 40 + 13 + size];
                    records.nextBytes(two);
                    header(two, 0, 23, 1, 40);
                    header(two, 53, type, 1, size);
                    peer.socket.send(new DatagramPacket(two, two.length, address));
                }
            }
            byte[] past = new byte[13 + 5];
            header(past, 0, 23, 1, 100);
            peer.socket.send(new DatagramPacket(past, past.length, address));
            Random random = new Random(7);
            byte[] buf = new byte[1200];
            for (int i = 0; i < 2000; i++) {
                random.nextBytes(buf);
                buf[0] = switch (i % 3) {
                    case 0 -> (byte) (20 + random.nextInt(44));
                    case 1 -> (byte) (128 + random.nextInt(64));
                    default -> (byte) random.nextInt(4);
                };
                if (i % 3 == 0 && i % 2 == 0) {
                    buf[1] = (byte) 0xfe; // a well-formed DTLS 1.2 record header around random content
                    buf[2] = (byte) 0xfd;
                    buf[11] = 0;
                    buf[12] = (byte) 100;
                }
                peer.socket.send(new DatagramPacket(buf, i % 3 == 0 && i % 2 == 0 ? 113 : 1 + random.nextInt(buf.length), address));
            }

            byte[] up = MediaPortTest.rtpPacket(3000);
            peer.sendRtp(up);
            assertArrayEquals(up, recorder.rtp.poll(5, TimeUnit.SECONDS), "camgate still decrypts what the peer sends");
            byte[] down = MediaPortTest.rtpPacket(4000);
            port.loop().submit(() -> {
                byte[] out = java.util.Arrays.copyOf(down, down.length + SrtpSession.MAX_OVERHEAD);
                assertTrue(session.sendRtp(out, 0, down.length));
            }).get(5, TimeUnit.SECONDS);
            assertArrayEquals(down, peer.rtp.poll(5, TimeUnit.SECONDS), "the peer still decrypts what camgate sends");
            assertFalse(recorder.closed.isDone(), "the session ended: " + recorder.closed.getNow(null));
            assertEquals(PeerSession.State.SECURE, port.loop().submit(session::state).get());
            port.loop().submit(() -> session.close("test over")).get(5, TimeUnit.SECONDS);
        }
    }
}
