package dev.camgate.bench;

import dev.camgate.media.dtls.DtlsClientSession;
import dev.camgate.media.dtls.DtlsSession;
import dev.camgate.media.dtls.Fingerprint;
import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.dtls.SrtpKeys;
import dev.camgate.media.srtp.SrtpSession;
import dev.camgate.media.stun.AnswerOutcome;
import dev.camgate.media.stun.BindingClient;
import dev.camgate.media.stun.IceCredentials;
import dev.camgate.media.stun.StunAnswerer;
import dev.camgate.media.stun.StunException;
import dev.camgate.media.stun.StunMessage;
import dev.camgate.media.transport.PacketKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebRTC endpoint of the load generator, as a browser is one: ICE, then DTLS as the client, then SRTP.
 * Towards camgate (ICE-lite) it is the controlling agent and sends the checks; towards Janus (full ICE, and the
 * offerer, so controlling) it answers Janus's checks and starts DTLS once one has come. Plain mode skips all
 * three (RTP to Janus's streaming port, and the no-hub baseline). Loop thread only, except the DTLS callbacks,
 * which hand over.
 */
abstract class BenchPeer implements MediaLoop.Endpoint {
    /** Consent freshness (RFC 7675): camgate drops a session after 30 s without a check. */
    static final long CONSENT_NANOS = 5_000_000_000L;
    static final long CHECK_RETRY_NANOS = 100_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One per loop thread: they reuse their Mac and CRC. The bench has one loop. */
    private static final BindingClient STUN = new BindingClient();
    private static final StunAnswerer ANSWERER = new StunAnswerer();
    private static final byte[] STUN_OUT = new byte[512];
    private static final ByteBuffer STUN_BB = ByteBuffer.wrap(STUN_OUT);

    final MediaLoop loop;
    final DatagramChannel channel;
    final IceCredentials local = IceCredentials.random(RANDOM);
    final CompletableFuture<Void> secure = new CompletableFuture<>();
    private final boolean plain;
    private final HubCertificate certificate;
    private final Executor dtlsExecutor;
    private final byte[] tx = new byte[12];
    volatile InetSocketAddress remote;
    private IceCredentials remoteIce;
    private Fingerprint remoteFingerprint;
    private boolean controlling;
    private boolean started;
    private boolean iceDone;
    private long nextCheck;
    private DtlsClientSession dtls;
    SrtpSession srtp;

    BenchPeer(MediaLoop loop, InetSocketAddress bind, boolean plain, HubCertificate certificate, Executor dtlsExecutor) {
        this.loop = loop;
        this.plain = plain;
        this.certificate = certificate;
        this.dtlsExecutor = dtlsExecutor;
        this.channel = loop.open(bind, this);
    }

    boolean plain() {
        return plain;
    }

    int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Starts the connection (from any thread). {@code remoteAddress} may be null when the far side is found by
     * its checks (Janus); {@code controlling}: send checks (towards camgate) instead of only answering them.
     */
    void start(InetSocketAddress remoteAddress, IceCredentials ice, Fingerprint fingerprint, boolean controlling) {
        loop.execute(() -> {
            this.remote = remoteAddress;
            this.remoteIce = ice;
            this.remoteFingerprint = fingerprint;
            this.controlling = controlling;
            this.started = true;
            if (plain) {
                secure.complete(null);
                onSecure();
            } else if (controlling) {
                nextCheck = 0;
                tick(System.nanoTime());
            }
        });
    }

    @Override
    public void received(byte[] buf, int len, SocketAddress from, long now) {
        if (plain) {
            if (len >= 12 && (buf[0] & 0xC0) == 0x80) {
                onRtp(buf, len, now);
            }
            return;
        }
        switch (PacketKind.of(buf, 0, len)) {
            case STUN -> stun(buf, len, (InetSocketAddress) from, now);
            case DTLS -> {
                if (dtls != null) {
                    dtls.receive(buf, 0, len);
                }
            }
            case RTP -> {
                if (srtp != null) {
                    onRtp(buf, len, now);
                }
            }
            case RTCP -> {
                if (srtp != null) {
                    int n = srtp.unprotectRtcp(buf, 0, len);
                    if (n > 0) {
                        onRtcp(buf, n, now);
                    }
                }
            }
            default -> {
            }
        }
    }

    private void stun(byte[] buf, int len, InetSocketAddress from, long now) {
        if (!started) {
            return;
        }
        int type = (buf[0] & 0xFF) << 8 | buf[1] & 0xFF;
        if (type == StunMessage.BINDING_REQUEST) {
            // Janus checks us (full ICE): answer with our own password, and take the address it came from.
            AnswerOutcome out = ANSWERER.answer(buf, 0, len, from,
                    (b, off, l) -> matches(b, off, l, local.ufrag()) ? local : null, STUN_OUT, 0);
            if (out.responseLength() > 0) {
                send(STUN_OUT, 0, out.responseLength(), from);
                if (remote == null || !controlling) {
                    remote = from;
                }
                if (!iceDone && !controlling) {
                    iceDone = true;
                    startDtls();
                }
            }
        } else if (type == StunMessage.BINDING_SUCCESS && controlling && !iceDone) {
            try {
                STUN.readResponse(buf, 0, len, tx, remoteIce);
                iceDone = true;
                nextCheck = now + CONSENT_NANOS + ThreadLocalRandom.current().nextLong(CONSENT_NANOS / 2);
                startDtls();
            } catch (StunException e) {
                // a stale answer to an earlier check: the next check's answer will do
            }
        }
    }

    private static boolean matches(byte[] b, int off, int len, String ufrag) {
        if (len != ufrag.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != ufrag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void startDtls() {
        if (dtls != null) {
            return;
        }
        InetSocketAddress to = remote;
        dtls = new DtlsClientSession(certificate, remoteFingerprint, (b, off, len) -> {
            try {
                channel.send(ByteBuffer.wrap(b, off, len), to);
            } catch (IOException e) {
                // lost like any datagram: DTLS retransmits
            }
        }, new DtlsSession.Listener() {
            @Override
            public void connected(SrtpKeys keys) {
                loop.execute(() -> {
                    srtp = SrtpSession.forClient(keys);
                    secure.complete(null);
                    onSecure();
                });
            }

            @Override
            public void failed(String reason) {
                secure.completeExceptionally(new IOException("DTLS failed: " + reason));
            }

            @Override
            public void closed(String reason) {
            }
        }, dtlsExecutor);
    }

    @Override
    public void tick(long now) {
        if (started && controlling && !plain && now >= nextCheck && remote != null) {
            // Unanswered checks are retried quickly; once connected, one now and then keeps consent.
            nextCheck = now + (iceDone ? CONSENT_NANOS : CHECK_RETRY_NANOS);
            ThreadLocalRandom.current().nextBytes(tx);
            int n = STUN.writeRequest(STUN_OUT, 0, tx, remoteIce, local.ufrag(), 0x6E0001FFL,
                    0x0123456789L, true);
            send(STUN_OUT, 0, n, remote);
        }
        onTick(now);
    }

    /** Sends from the loop; a full socket buffer drops the datagram, as the network would. */
    final void send(byte[] buf, int off, int len, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(buf, off, len), to);
        } catch (IOException e) {
            // dropped
        }
    }

    /** SRTP-protects {@code buf[0, len)} in place (room for the tag after it) and sends it to the far side. */
    final void sendRtcp(byte[] buf, int len) {
        InetSocketAddress to = remote;
        if (to == null) {
            return;
        }
        int n = plain ? len : srtp == null ? -1 : srtp.protectRtcp(buf, 0, len);
        if (n > 0) {
            send(buf, 0, n, to);
        }
    }

    void close() {
        if (dtls != null) {
            dtls.close();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing
        }
        loop.execute(() -> loop.remove(this));
    }

    void onSecure() {
    }

    abstract void onRtp(byte[] buf, int len, long now);

    void onRtcp(byte[] buf, int len, long now) {
    }

    void onTick(long now) {
    }
}
