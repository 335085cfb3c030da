package dev.camgate.media.srtp;

import dev.camgate.media.dtls.SrtpKeys;
import dev.camgate.media.dtls.SrtpProfile;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP (RFC 3711, RFC 7714 for GCM) for one peer connection, in place on the caller's bytes, with
 * the keys its DTLS handshake exported. camgate is the DTLS server, so its session ({@link #forServer})
 * unprotects what the client sent with the client's keys and protects with the server's; {@link #forClient}
 * is the reverse, for tests and the load generator.
 *
 * <p>Each SSRC gets its own crypto context (rollover counter, replay window) on first use, at most
 * {@link #MAX_SSRCS} per direction and kind. An incoming packet from a new SSRC is tried on a spare context
 * that is kept only if the packet authenticates, so forged packets cannot use up the table.
 *
 * <p>Not thread-safe: one event loop owns a session. camgate's code makes no object per packet; jitsi-srtp
 * itself still allocates a little per packet (the HMAC result, the GCM parameters, its debug-log lambdas).
 *
 * <p>Call {@link #warmUp()} once before the first session is made on an event loop.
 *
 * <p>Unprotect methods return -1 for anything not authentic: a wrong tag, a replay, an unknown SSRC beyond the
 * limit, a packet too short or malformed. They never throw for any bytes; after -1 the bytes may be changed.
 */
public final class SrtpSession implements AutoCloseable {
    /** Spare bytes {@code buf} must have after {@code len} for a protect call: SRTCP with GCM adds 16 + 4. */
    public static final int MAX_OVERHEAD = 20;
    /** SSRCs per session and direction, separately for RTP and RTCP. */
    public static final int MAX_SSRCS = 32;

    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;
    private static final int SRTCP_INDEX = 4;
    /** jitsi-srtp wants a logger of its own (java.util.logging); it logs only at debug and on odd failures. */
    private static final Logger LOG = new LoggerImpl(SrtpSession.class.getName());

    private final SrtpProfile profile;
    private final SrtpContextFactory sending;
    private final SrtpContextFactory receiving;
    private final int tagLength;
    private final SsrcTable<SrtpCryptoContext> rtpOut = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtpCryptoContext> rtpIn = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> rtcpOut = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> rtcpIn = new SsrcTable<>(MAX_SSRCS);
    private final PacketBuffer view = new PacketBuffer();
    private SrtpCryptoContext spareRtpIn;
    private SrtcpCryptoContext spareRtcpIn;
    private boolean closed;

    private SrtpSession(SrtpProfile profile, byte[] sendKey, byte[] sendSalt, byte[] receiveKey, byte[] receiveSalt) {
        this.profile = profile;
        this.tagLength = profile == SrtpProfile.AEAD_AES_128_GCM ? 16 : 10;
        // The factories copy the keys; the copies the record handed out are wiped here.
        this.sending = new SrtpContextFactory(true, sendKey, sendSalt, policy(profile), policy(profile), LOG);
        this.receiving = new SrtpContextFactory(false, receiveKey, receiveSalt, policy(profile), policy(profile), LOG);
        Arrays.fill(sendKey, (byte) 0);
        Arrays.fill(sendSalt, (byte) 0);
        Arrays.fill(receiveKey, (byte) 0);
        Arrays.fill(receiveSalt, (byte) 0);
    }

    /** camgate's side: receives with the client's keys, sends with the server's. */
    public static SrtpSession forServer(SrtpKeys keys) {
        return new SrtpSession(keys.profile(), keys.serverKey(), keys.serverSalt(), keys.clientKey(), keys.clientSalt());
    }

    /** The DTLS client's side: sends with the client's keys, receives with the server's. */
    public static SrtpSession forClient(SrtpKeys keys) {
        return new SrtpSession(keys.profile(), keys.clientKey(), keys.clientSalt(), keys.serverKey(), keys.serverSalt());
    }

    /**
     * Makes jitsi-srtp choose its AES implementations now. On first use it benchmarks every one it finds (OpenSSL,
     * SunJCE, BouncyCastle), once per process: about 3 s on this machine, which must not happen on an event loop.
     * Call once at hub start, off the loops; later sessions start in microseconds. Returns {@link #nativeCrypto()}.
     */
    public static boolean warmUp() {
        byte[] key = new byte[16];
        for (SrtpProfile p : SrtpProfile.values()) {
            try (SrtpSession s = new SrtpSession(p, key.clone(), new byte[p.saltLength()], key.clone(), new byte[p.saltLength()])) {
                byte[] rtp = new byte[RTP_HEADER + MAX_OVERHEAD];
                rtp[0] = (byte) 0x80;
                s.protectRtp(rtp, 0, RTP_HEADER);
                byte[] rtcp = new byte[RTCP_HEADER + MAX_OVERHEAD];
                rtcp[0] = (byte) 0x80;
                s.protectRtcp(rtcp, 0, RTCP_HEADER);
            }
        }
        return nativeCrypto();
    }

    /** Whether jitsi-srtp loaded its OpenSSL library (else it runs on the JDK's AES and HMAC). */
    public static boolean nativeCrypto() {
        return JitsiOpenSslProvider.isLoaded();
    }

    public SrtpProfile profile() {
        return profile;
    }

    private static SrtpPolicy policy(SrtpProfile profile) {
        SrtpPolicy p = switch (profile) {
            case AES128_CM_HMAC_SHA1_80 -> new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
            case AEAD_AES_128_GCM -> new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
        };
        // A NACK is answered with the packet under its own sequence number again, so a sender must be able to
        // protect an index twice; the bytes are the same both times, so even GCM's nonce then repeats harmlessly.
        p.setSendReplayEnabled(false);
        return p;
    }

    /**
     * Encrypts an RTP packet and appends its tag; returns the new length, or -1 if it is not an RTP packet or
     * its SSRC would be one too many. {@code buf} must have {@link #MAX_OVERHEAD} bytes after {@code len}.
     * The same sequence number may be protected again only with the same bytes (a retransmission).
     */
    public int protectRtp(byte[] buf, int off, int len) {
        checkRoom(buf, off, len);
        if (rtpHeaderLength(buf, off, len, 0) < 0) {
            return -1;
        }
        int ssrc = readInt(buf, off + 8);
        try {
            SrtpCryptoContext c = rtpOut.get(ssrc);
            if (c == null) {
                if (rtpOut.isFull()) {
                    return -1;
                }
                c = sending.deriveContext(ssrc, 0);
                rtpOut.put(ssrc, c);
            }
            return result(c.transformPacket(view.set(buf, off, len)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        } finally {
            view.clear();
        }
    }

    /** Checks and decrypts an SRTP packet in place; returns the RTP length, or -1 (see the class comment). */
    public int unprotectRtp(byte[] buf, int off, int len) {
        if (closed || rtpHeaderLength(buf, off, len, tagLength) < 0) {
            return -1;
        }
        int ssrc = readInt(buf, off + 8);
        try {
            SrtpCryptoContext c = rtpIn.get(ssrc);
            boolean fresh = c == null;
            if (fresh) {
                if (rtpIn.isFull()) {
                    return -1;
                }
                if (spareRtpIn == null) {
                    spareRtpIn = receiving.deriveContext(0, 0); // the SSRC in a context is only for its log lines
                }
                c = spareRtpIn;
            }
            int n = result(c.reverseTransformPacket(view.set(buf, off, len), false));
            if (n >= 0 && fresh) {
                rtpIn.put(ssrc, c);
                spareRtpIn = null;
            }
            return n;
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1; // jitsi-srtp on bytes it did not expect: not authentic, whatever the cause
        } finally {
            view.clear();
        }
    }

    /**
     * Encrypts an RTCP compound packet, appends the SRTCP index and tag; returns the new length, or -1 if it is
     * not RTCP or its sender SSRC would be one too many. {@code buf} must have {@link #MAX_OVERHEAD} spare bytes.
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        checkRoom(buf, off, len);
        if (len < RTCP_HEADER || (buf[off] & 0xC0) != 0x80) {
            return -1;
        }
        int ssrc = readInt(buf, off + 4);
        try {
            SrtcpCryptoContext c = rtcpOut.get(ssrc);
            if (c == null) {
                if (rtcpOut.isFull()) {
                    return -1;
                }
                c = sending.deriveControlContext(ssrc);
                rtcpOut.put(ssrc, c);
            }
            return result(c.transformPacket(view.set(buf, off, len)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        } finally {
            view.clear();
        }
    }

    /** Checks and decrypts an SRTCP packet in place; returns the RTCP length, or -1 (see the class comment). */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (closed || len < RTCP_HEADER + SRTCP_INDEX + tagLength || (buf[off] & 0xC0) != 0x80) {
            return -1;
        }
        int ssrc = readInt(buf, off + 4);
        try {
            SrtcpCryptoContext c = rtcpIn.get(ssrc);
            boolean fresh = c == null;
            if (fresh) {
                if (rtcpIn.isFull()) {
                    return -1;
                }
                if (spareRtcpIn == null) {
                    spareRtcpIn = receiving.deriveControlContext(0);
                }
                c = spareRtcpIn;
            }
            int n = result(c.reverseTransformPacket(view.set(buf, off, len)));
            if (n >= 0 && fresh) {
                rtcpIn.put(ssrc, c);
                spareRtcpIn = null;
            }
            return n;
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        } finally {
            view.clear();
        }
    }

    /** SSRCs with a receiving RTP context: those whose packets authenticated. For tests and metrics. */
    public int knownIncomingSsrcs() {
        return rtpIn.size();
    }

    /** Wipes the master keys and drops every context; every call after this fails (unprotect returns -1). */
    @Override
    public void close() {
        closed = true;
        sending.close();
        receiving.close();
        rtpOut.clear();
        rtpIn.clear();
        rtcpOut.clear();
        rtcpIn.clear();
        spareRtpIn = null;
        spareRtcpIn = null;
    }

    private int result(SrtpErrorStatus status) {
        return status == SrtpErrorStatus.OK ? view.getLength() : -1;
    }

    private void checkRoom(byte[] buf, int off, int len) {
        if (closed) {
            throw new IllegalStateException("SRTP session closed");
        }
        if (off < 0 || len < 0 || buf.length - off - len < MAX_OVERHEAD) {
            throw new IllegalArgumentException("protect needs " + MAX_OVERHEAD + " spare bytes after the packet");
        }
    }

    /**
     * The RTP header length (fixed part, CSRCs, extension) when version is 2 and the header and {@code trailer}
     * bytes fit in {@code len}; else -1.
     */
    private static int rtpHeaderLength(byte[] buf, int off, int len, int trailer) {
        int room = len - trailer;
        if (room < RTP_HEADER || (buf[off] & 0xC0) != 0x80) {
            return -1;
        }
        int n = RTP_HEADER + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (n + 4 > room) {
                return -1;
            }
            n += 4 + 4 * ((buf[off + n + 2] & 0xFF) << 8 | buf[off + n + 3] & 0xFF);
        }
        return n <= room ? n : -1;
    }

    private static int readInt(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }
}
