package dev.camgate.media.transport;

import dev.camgate.media.dtls.DtlsServerSession;
import dev.camgate.media.dtls.Fingerprint;
import dev.camgate.media.dtls.SrtpKeys;
import dev.camgate.media.srtp.SrtpSession;
import dev.camgate.media.stun.Consent;
import dev.camgate.media.stun.IceCredentials;
import java.net.InetSocketAddress;

/**
 * One remote peer on the media port (a camera or a viewer): ICE-lite, then DTLS, then SRTP, in that order and
 * never back. Lives on the port's event loop; {@link Handler} is called there too.
 *
 * <pre>
 *   WAITING_FOR_ICE --a check passed and the SDP fingerprint is known--> HANDSHAKING --DTLS keys--> SECURE
 *          \______________________ any failure, consent lost, close() ______________--> CLOSED
 * </pre>
 */
public final class PeerSession {
    public enum State { WAITING_FOR_ICE, HANDSHAKING, SECURE, CLOSED }

    /** What the owner of a session hears. Called on the port's event loop. */
    public interface Handler {
        /** SRTP keys are in place: media may flow both ways. */
        void secure(PeerSession session);

        /** A decrypted RTP packet; the bytes are the port's and valid only during the call. */
        void rtp(byte[] buf, int off, int len, long nowNanos);

        /** A decrypted RTCP compound packet, valid only during the call. */
        void rtcp(byte[] buf, int off, int len, long nowNanos);

        /** The session ended and its address is forgotten; called once. */
        void closed(String why);
    }

    private final MediaPort port;
    private final IceCredentials local;
    private Fingerprint remoteFingerprint;
    private final String label;
    private final Handler handler;
    private final long createdAt;
    private State state = State.WAITING_FOR_ICE;
    /** Which address the peer nominated, and whether it still consents (RFC 7675). */
    private final Consent consent;
    private DtlsServerSession dtls;
    private SrtpSession srtp;
    private final Counters counters = new Counters();

    PeerSession(MediaPort port, IceCredentials local, Fingerprint remoteFingerprint, String label, Handler handler, long now) {
        this.port = port;
        this.local = local;
        this.remoteFingerprint = remoteFingerprint;
        this.label = label;
        this.handler = handler;
        this.createdAt = now;
        this.consent = new Consent(now);
    }

    /** Per-session figures, read on the loop (the metrics snapshot hops there). */
    public static final class Counters {
        public long packetsIn;
        public long bytesIn;
        public long packetsOut;
        public long bytesOut;
        public long srtpFailures;
    }

    public IceCredentials localCredentials() {
        return local;
    }

    public State state() {
        return state;
    }

    public String label() {
        return label;
    }

    public InetSocketAddress remote() {
        return consent.selected();
    }

    public Counters counters() {
        return counters;
    }

    /**
     * The fingerprint the peer's SDP announced. A camera's SDP may come after its first checks (signaling and
     * media race); DTLS starts only once both are in, and the peer retransmits its ClientHello meanwhile.
     */
    public void expect(Fingerprint fingerprint) {
        if (remoteFingerprint == null) {
            remoteFingerprint = fingerprint;
            startDtlsWhenReady();
        }
    }

    /** A binding request from {@code from} passed its checks. */
    void checked(InetSocketAddress from, boolean nominated, long now) {
        consent.checked(from, nominated, now);
        startDtlsWhenReady();
    }

    private void startDtlsWhenReady() {
        if (state == State.WAITING_FOR_ICE && consent.selected() != null && remoteFingerprint != null) {
            state = State.HANDSHAKING;
            dtls = port.startDtls(this, remoteFingerprint);
        }
    }

    void dtlsDatagram(byte[] buf, int off, int len) {
        if (dtls != null) {
            dtls.receive(buf, off, len);
        }
    }

    /** From the handshake thread, handed to the loop by the port. */
    void keys(SrtpKeys keys) {
        if (state != State.HANDSHAKING) {
            return;
        }
        srtp = SrtpSession.forServer(keys);
        state = State.SECURE;
        handler.secure(this);
    }

    void srtpDatagram(byte[] buf, int off, int len, boolean rtcp, long now) {
        if (state != State.SECURE) {
            return;
        }
        int plain = rtcp ? srtp.unprotectRtcp(buf, off, len) : srtp.unprotectRtp(buf, off, len);
        if (plain < 0) {
            counters.srtpFailures++;
            return;
        }
        counters.packetsIn++;
        counters.bytesIn += len;
        if (rtcp) {
            handler.rtcp(buf, off, plain, now);
        } else {
            handler.rtp(buf, off, plain, now);
        }
    }

    /**
     * Encrypts an RTP packet in place and sends it. {@code buf} must have {@link SrtpSession#MAX_OVERHEAD}
     * spare bytes after the packet. Does nothing until the session is secure.
     */
    public boolean sendRtp(byte[] buf, int off, int len) {
        return send(buf, off, len, false);
    }

    /** The same for an RTCP compound packet. */
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return send(buf, off, len, true);
    }

    private boolean send(byte[] buf, int off, int len, boolean rtcp) {
        InetSocketAddress selected = consent.selected();
        if (state != State.SECURE || selected == null) {
            return false;
        }
        int sealed = rtcp ? srtp.protectRtcp(buf, off, len) : srtp.protectRtp(buf, off, len);
        if (sealed < 0) {
            return false;
        }
        counters.packetsOut++;
        counters.bytesOut += sealed;
        return port.write(selected, buf, off, sealed);
    }

    /** Why this session should end now, or null: ICE or DTLS never finished, or consent ran out (RFC 7675). */
    String expiry(long now, long setupNanos) {
        if (state != State.SECURE && now - createdAt > setupNanos) {
            return state == State.WAITING_FOR_ICE ? "no ICE check arrived (is the UDP port " + port.port() + " reachable?)"
                    : "the DTLS handshake did not finish";
        }
        if (consent.selected() != null && consent.expired(now)) {
            return "no consent check for " + Consent.TIMEOUT_NANOS / 1_000_000_000 + " s: the peer is gone";
        }
        return null;
    }

    /** Ends the session; the handler hears why, once. */
    public void close(String why) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (dtls != null) {
            dtls.close();
        }
        port.forget(this);
        handler.closed(why);
    }

    void dtlsFailed(String why) {
        close("DTLS failed: " + why);
    }
}
