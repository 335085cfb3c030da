package dev.camgate.media.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * The STUN client half of a full, controlling ICE agent, as a browser runs it against camgate: builds the
 * connectivity check of RFC 8445 §7.2 and checks its answer. For tests and for a load generator that plays many
 * viewers; one instance per thread (it reuses one Mac, one CRC32 and one {@link StunMessage}), and each request
 * allocates only its USERNAME bytes.
 */
public final class BindingClient {
    private final Hmac hmac = new Hmac();
    private final CRC32 crc = new CRC32();
    private final StunMessage response = new StunMessage();

    /** 12 random bytes for a transaction id (RFC 8489 §6: uniformly random). */
    public static byte[] transactionId(Random random) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return id;
    }

    /** The size of the request {@link #writeRequest} makes. */
    public static int requestLength(IceCredentials remote, String localUfrag, boolean useCandidate) {
        int user = username(remote, localUfrag).length;
        return StunMessage.HEADER + 4 + ((user + 3) & ~3) + 8 + 12 + (useCandidate ? 4 : 0) + 24 + 8;
    }

    /**
     * Writes a Binding request into {@code out} at {@code off} and returns its length: USERNAME
     * "remoteUfrag:localUfrag", PRIORITY, ICE-CONTROLLING with {@code tiebreaker}, USE-CANDIDATE if
     * {@code useCandidate}, MESSAGE-INTEGRITY with the remote (camgate's) password, FINGERPRINT.
     *
     * @param remote the answering side's credentials, camgate's {@code a=ice-ufrag} / {@code a=ice-pwd}
     * @throws IllegalArgumentException if the id is not 12 bytes or {@code out} has too little room
     */
    public int writeRequest(byte[] out, int off, byte[] transactionId, IceCredentials remote, String localUfrag,
            long priority, long tiebreaker, boolean useCandidate) {
        byte[] user = username(remote, localUfrag);
        if (transactionId.length != 12) {
            throw new IllegalArgumentException("a transaction id is 12 bytes");
        }
        if (off < 0 || out.length - off < requestLength(remote, localUfrag, useCandidate)) {
            throw new IllegalArgumentException("not enough room for the request");
        }
        int p = StunWriter.header(out, off, StunMessage.BINDING_REQUEST, transactionId, 0);
        p = StunWriter.bytes(out, off, p, StunMessage.USERNAME, user);
        p = StunWriter.u32(out, off, p, StunMessage.PRIORITY, priority);
        p = StunWriter.u64(out, off, p, StunMessage.ICE_CONTROLLING, tiebreaker);
        if (useCandidate) {
            p = StunWriter.flag(out, off, p, StunMessage.USE_CANDIDATE);
        }
        p = StunWriter.integrity(hmac.keyedWith(remote), out, off, p);
        p = StunWriter.fingerprint(crc, out, off, p);
        return p - off;
    }

    private static byte[] username(IceCredentials remote, String localUfrag) {
        byte[] user = (remote.ufrag() + ":" + localUfrag).getBytes(StandardCharsets.UTF_8);
        if (user.length > StunMessage.MAX_USERNAME) {
            throw new IllegalArgumentException("USERNAME would be longer than " + StunMessage.MAX_USERNAME + " bytes");
        }
        return user;
    }

    /**
     * Checks that {@code buf[off, off+len)} is the Binding success response to {@code transactionId}, with a
     * valid FINGERPRINT and a MESSAGE-INTEGRITY made with {@code remote}'s password, and returns its
     * XOR-MAPPED-ADDRESS: where the answerer saw the request come from.
     *
     * @throws StunException naming what was wrong; for an authenticated error response, its code and reason
     */
    public InetSocketAddress readResponse(byte[] buf, int off, int len, byte[] transactionId, IceCredentials remote)
            throws StunException {
        StunMessage m = response.read(buf, off, len);
        if (m.method() != StunMessage.BINDING
                || m.kind() != StunMessage.Kind.SUCCESS && m.kind() != StunMessage.Kind.ERROR) {
            throw new StunException("not a Binding response (type 0x" + Integer.toHexString(m.type()) + ")");
        }
        if (!m.hasTransactionId(transactionId)) {
            throw new StunException("the transaction id is not the request's");
        }
        if (!m.hasFingerprint()) {
            throw new StunException("no FINGERPRINT");
        }
        if (!m.fingerprintValid(crc)) {
            throw new StunException("FINGERPRINT does not match the message");
        }
        if (!m.hasIntegrity()) {
            throw new StunException("no MESSAGE-INTEGRITY");
        }
        Mac mac = hmac.keyedWith(remote);
        if (!m.integrityValid(mac)) {
            throw new StunException("MESSAGE-INTEGRITY does not match the password");
        }
        if (m.kind() == StunMessage.Kind.ERROR) {
            throw new StunException("Binding error response " + m.errorCode() + " " + m.errorReason());
        }
        if (!m.hasXorMappedAddress()) {
            throw new StunException("no XOR-MAPPED-ADDRESS");
        }
        return m.xorMappedAddress();
    }
}
