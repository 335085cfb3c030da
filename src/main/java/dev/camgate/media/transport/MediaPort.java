package dev.camgate.media.transport;

import dev.camgate.media.dtls.DtlsServerSession;
import dev.camgate.media.dtls.Fingerprint;
import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.stun.AnswerOutcome;
import dev.camgate.media.stun.CredentialLookup;
import dev.camgate.media.stun.IceCredentials;
import dev.camgate.media.stun.StunAnswerer;
import dev.camgate.media.stun.UfragTable;
import dev.camgate.net.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one UDP port every media peer talks to. A datagram's source address names its session; an address
 * becomes known only through a STUN binding request carrying a session's ufrag and password, so a packet
 * from anywhere else costs one map lookup and is dropped. Everything here runs on one event loop, the
 * channel's: sessions, their handlers and the forwarding they do take no lock.
 */
public final class MediaPort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaPort.class);
    /** ICE and DTLS together must finish within this, or the session is dropped. */
    static final long SETUP_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** Sessions at once; each costs a few KiB, and a flood of signaling must not make unbounded ones. */
    static final int MAX_SESSIONS = 10_000;
    /**
     * Bytes waiting for the kernel's send buffer, across all peers. UDP has no per-viewer backpressure (the
     * kernel takes a datagram or drops it), so this only fills when the machine itself cannot send fast
     * enough; then a packet is refused and its egress skips to the next keyframe instead of the queue growing.
     */
    static final int QUEUE_HIGH = 8 << 20;
    static final int QUEUE_LOW = 4 << 20;
    /**
     * Datagrams written in one read batch before they are flushed anyway: one sendmmsg takes at most 1,024 (the
     * kernel's UIO_MAXIOV), and a batch of camera packets for 1,000 viewers must not sit whole in the queue.
     */
    static final int FLUSH_EVERY = 1024;

    private final Channel channel;
    private final HubCertificate certificate;
    private final Executor handshakes;
    private final StunAnswerer stun = new StunAnswerer();
    private final byte[] stunOut = new byte[StunAnswerer.MAX_RESPONSE];
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PeerSession> sessions = new HashMap<>();
    private final UfragTable<PeerSession> byUfrag = new UfragTable<>();
    private final CredentialLookup credentials = byUfrag.credentials(PeerSession::localCredentials);
    private final Map<InetSocketAddress, PeerSession> byAddress = new HashMap<>();
    private final byte[] rx = new byte[2048];
    private final SendBuffers sendBuffers;
    private int unflushed;
    private final ScheduledFuture<?> sweeper;
    private final Stats stats = new Stats();
    private boolean reading;

    /** Port-wide counters, read on the loop. */
    public static final class Stats {
        public long junk;
        public long unknownSource;
        public long stunAnswered;
        public long stunRefused;
        public long writeFailures;
    }

    /** Datagrams sent from a pool buffer because the port's own were all in flight (see SendBuffers). */
    long sendBuffersFromPool() {
        return sendBuffers.fromPool;
    }

    private MediaPort(Channel channel, HubCertificate certificate, Executor handshakes) {
        this.channel = channel;
        this.certificate = certificate;
        this.handshakes = handshakes;
        this.sendBuffers = new SendBuffers(channel.alloc());
        this.sweeper = channel.eventLoop().scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Binds the port on one loop of {@code group}.
     *
     * @param handshakes where DTLS handshakes block (a virtual-thread executor)
     */
    public static MediaPort open(io.netty.channel.EventLoopGroup group, InetSocketAddress bind, HubCertificate certificate,
                                 Executor handshakes) throws InterruptedException {
        EventLoop loop = group.next();
        MediaPort[] holder = new MediaPort[1];
        Bootstrap b = new Bootstrap().group(loop).channel(Transport.of(loop).datagram())
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
                // The bound on what waits to be sent: past it packets are refused, not queued (see write).
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(QUEUE_LOW, QUEUE_HIGH))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        holder[0].read(packet);
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        holder[0].readDone();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // ICMP port unreachable from a viewer that left, and the like: not the port's fault.
                        LOG.debug("media port: {}", cause.toString());
                    }
                });
        Channel ch = b.bind(bind).sync().channel();
        holder[0] = new MediaPort(ch, certificate, handshakes);
        return holder[0];
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public EventLoop loop() {
        return channel.eventLoop();
    }

    public HubCertificate certificate() {
        return certificate;
    }

    public Stats stats() {
        return stats;
    }

    /**
     * A new session waiting for its peer's first check. Call on {@link #loop()}.
     *
     * @return null when the port already holds {@link #MAX_SESSIONS}
     */
    public PeerSession open(Fingerprint remoteFingerprint, String label, PeerSession.Handler handler) {
        assert loop().inEventLoop();
        if (sessions.size() >= MAX_SESSIONS) {
            return null;
        }
        IceCredentials local;
        do {
            local = IceCredentials.random(random);
        } while (sessions.containsKey(local.ufrag()));
        PeerSession session = new PeerSession(this, local, remoteFingerprint, label, handler, System.nanoTime());
        sessions.put(local.ufrag(), session);
        byUfrag.put(local.ufrag(), session);
        return session;
    }

    public int sessions() {
        return sessions.size();
    }

    /** For metrics, from any thread: the table's own count, which it keeps thread-safe. */
    public int sessionCount() {
        return byUfrag.size();
    }

    private void read(DatagramPacket packet) {
        reading = true;
        ByteBuf content = packet.content();
        int len = content.readableBytes();
        if (len > rx.length) {
            stats.junk++;
            return;
        }
        content.getBytes(content.readerIndex(), rx, 0, len);
        InetSocketAddress from = packet.sender();
        long now = System.nanoTime();
        switch (PacketKind.of(rx, 0, len)) {
            case STUN -> answerStun(from, len, now);
            case DTLS -> {
                PeerSession s = byAddress.get(from);
                if (s == null) {
                    stats.unknownSource++;
                } else {
                    s.dtlsDatagram(rx, 0, len);
                }
            }
            case RTP, RTCP -> {
                PeerSession s = byAddress.get(from);
                if (s == null) {
                    stats.unknownSource++;
                } else {
                    s.srtpDatagram(rx, 0, len, PacketKind.of(rx, 0, len) == PacketKind.RTCP, now);
                }
            }
            case UNKNOWN -> stats.junk++;
        }
    }

    private void answerStun(InetSocketAddress from, int len, long now) {
        AnswerOutcome outcome = stun.answer(rx, 0, len, from, credentials, stunOut, 0);
        if (outcome instanceof AnswerOutcome.Answered a) {
            stats.stunAnswered++;
            PeerSession s = sessions.get(a.local().ufrag());
            if (s != null) {
                // A reload from the same tab may reuse the address for a new session: the newest check wins.
                byAddress.put(from, s);
                s.checked(from, a.useCandidate(), now);
            }
        } else if (outcome != AnswerOutcome.NoAnswer.INDICATION) {
            stats.stunRefused++;
        }
        if (outcome.responseLength() > 0) {
            write(from, stunOut, 0, outcome.responseLength());
        }
    }

    private void readDone() {
        reading = false;
        flush();
    }

    private void flush() {
        unflushed = 0;
        channel.flush();
    }

    /** Sends one datagram; flushed at the end of the current read batch, or at once outside one. */
    boolean write(InetSocketAddress to, byte[] buf, int off, int len) {
        if (!channel.isActive() || !channel.isWritable()) {
            stats.writeFailures++;
            return false;
        }
        channel.write(new DatagramPacket(sendBuffers.copyOf(buf, off, len), to), channel.voidPromise());
        if (!reading || ++unflushed >= FLUSH_EVERY) {
            flush();
        }
        return true;
    }

    DtlsServerSession startDtls(PeerSession session, Fingerprint remote) {
        EventLoop loop = loop();
        return new DtlsServerSession(certificate, remote,
                (buf, off, len) -> {
                    byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len); // handshake only: a few packets
                    loop.execute(() -> {
                        if (session.state() != PeerSession.State.CLOSED && session.remote() != null) {
                            write(session.remote(), copy, 0, copy.length);
                        }
                    });
                },
                new DtlsServerSession.Listener() {
                    @Override
                    public void connected(dev.camgate.media.dtls.SrtpKeys keys) {
                        loop.execute(() -> session.keys(keys));
                    }

                    @Override
                    public void failed(String reason) {
                        loop.execute(() -> session.dtlsFailed(reason));
                    }

                    @Override
                    public void closed(String reason) {
                        loop.execute(() -> session.close("the peer closed DTLS: " + reason));
                    }
                },
                handshakes);
    }

    void forget(PeerSession session) {
        if (sessions.remove(session.localCredentials().ufrag(), session)) {
            byUfrag.remove(session.localCredentials().ufrag());
        }
        byAddress.values().removeIf(s -> s == session);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (PeerSession s : new ArrayList<>(sessions.values())) {
            String why = s.expiry(now, SETUP_NANOS);
            if (why != null) {
                s.close(why);
            }
        }
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        loop().execute(() -> {
            for (PeerSession s : new ArrayList<>(sessions.values())) {
                s.close("camgate is stopping");
            }
        });
        channel.close().syncUninterruptibly();
        if (!loop().isShuttingDown()) {
            loop().execute(sendBuffers::close);
        }
    }
}
