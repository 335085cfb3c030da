package dev.camgate.media.transport;

import dev.camgate.media.dtls.DtlsClientSession;
import dev.camgate.media.dtls.DtlsSession;
import dev.camgate.media.dtls.Fingerprint;
import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.dtls.SrtpKeys;
import dev.camgate.media.srtp.SrtpSession;
import dev.camgate.media.stun.BindingClient;
import dev.camgate.media.stun.IceCredentials;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebRTC peer as a browser is one towards camgate's media port, on a plain socket: it sends ICE checks
 * (controlling, nominating), is the DTLS client, and then speaks SRTP. Received RTP is decrypted and queued.
 */
final class TestPeer implements AutoCloseable {
    final HubCertificate own = HubCertificate.generate();
    final DatagramSocket socket;
    final InetSocketAddress hub;
    final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    private final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
    private final Thread reader;
    private volatile DtlsClientSession dtls;
    private volatile SrtpSession srtp;
    private final BlockingQueue<byte[]> stun = new LinkedBlockingQueue<>();

    TestPeer(InetSocketAddress hub) throws IOException {
        this.hub = hub;
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        this.reader = Thread.ofPlatform().daemon().start(this::read);
    }

    /** One nominating binding request with the session's credentials; returns the address camgate saw. */
    InetSocketAddress check(IceCredentials hubCredentials) throws Exception {
        byte[] tx = BindingClient.transactionId(new Random());
        byte[] out = new byte[256];
        BindingClient client = new BindingClient();
        int n = client.writeRequest(out, 0, tx, hubCredentials, "peer", 0x6E0001FFL, 42L, true);
        socket.send(new DatagramPacket(out, n, hub));
        byte[] answer = stun.poll(5, TimeUnit.SECONDS);
        if (answer == null) {
            throw new AssertionError("no STUN answer");
        }
        return client.readResponse(answer, 0, answer.length, tx, hubCredentials);
    }

    /** DTLS as the client, expecting camgate's certificate. */
    SrtpSession connect(Fingerprint hubFingerprint) throws Exception {
        dtls = new DtlsClientSession(own, hubFingerprint, (buf, off, len) -> {
            try {
                socket.send(new DatagramPacket(buf.clone(), off, len, hub));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, new DtlsSession.Listener() {
            @Override
            public void connected(SrtpKeys k) {
                keys.complete(k);
            }

            @Override
            public void failed(String reason) {
                keys.completeExceptionally(new AssertionError("DTLS failed: " + reason));
            }

            @Override
            public void closed(String reason) {
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        srtp = SrtpSession.forClient(keys.get(10, TimeUnit.SECONDS));
        return srtp;
    }

    void sendRtp(byte[] plain) throws IOException {
        byte[] buf = java.util.Arrays.copyOf(plain, plain.length + SrtpSession.MAX_OVERHEAD);
        int n = srtp.protectRtp(buf, 0, plain.length);
        socket.send(new DatagramPacket(buf, n, hub));
    }

    void sendRtcp(byte[] plain) throws IOException {
        byte[] buf = java.util.Arrays.copyOf(plain, plain.length + SrtpSession.MAX_OVERHEAD);
        int n = srtp.protectRtcp(buf, 0, plain.length);
        socket.send(new DatagramPacket(buf, n, hub));
    }

    private void read() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.setSoTimeout(200);
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            byte[] data = java.util.Arrays.copyOf(buf, p.getLength());
            switch (PacketKind.of(data, 0, data.length)) {
                case STUN -> stun.add(data);
                case DTLS -> {
                    if (dtls != null) {
                        dtls.receive(data, 0, data.length);
                    }
                }
                case RTP, RTCP -> {
                    SrtpSession s = srtp;
                    boolean isRtcp = PacketKind.of(data, 0, data.length) == PacketKind.RTCP;
                    int n = s == null ? -1 : isRtcp ? s.unprotectRtcp(data, 0, data.length) : s.unprotectRtp(data, 0, data.length);
                    if (n > 0) {
                        (isRtcp ? rtcp : rtp).add(java.util.Arrays.copyOf(data, n));
                    }
                }
                default -> {
                }
            }
        }
    }

    @Override
    public void close() {
        if (dtls != null) {
            dtls.close();
        }
        socket.close();
    }
}
