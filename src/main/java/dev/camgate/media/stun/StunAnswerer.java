package dev.camgate.media.stun;

import dev.camgate.media.stun.AnswerOutcome.Answered;
import dev.camgate.media.stun.AnswerOutcome.NoAnswer;
import dev.camgate.media.stun.AnswerOutcome.Refused;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * The STUN server half of an ICE-lite agent (RFC 8445 §2.5, §7.3): answers connectivity checks and never sends
 * one. A request is answered only if it is a Binding request with a valid FINGERPRINT, a USERNAME whose first
 * half is a local ufrag the lookup knows, and a MESSAGE-INTEGRITY made with that session's password; anything
 * else gets no answer at all. The answer is a Binding success response carrying XOR-MAPPED-ADDRESS of the
 * source, MESSAGE-INTEGRITY under the same password and FINGERPRINT; or, for an authenticated request with a
 * comprehension-required attribute camgate does not know, a 420 error response (RFC 8489 §6.3.1), equally
 * protected.
 *
 * <p>A request claiming ICE-CONTROLLED is answered like any other: the role-conflict repair of RFC 8445
 * §7.3.1.1 (and its 487) is one of the "Additional Procedures for Full Implementations" of §7.3.1, which a lite
 * agent does not run; a lite agent is always controlled (§6.1.1), and its peer's claim is reported, not fought.
 *
 * <p>Sizes: a dropped datagram gets nothing. An answer is 64 bytes for an IPv4 source and 76 for IPv6, a 420 at
 * most {@link #MAX_RESPONSE}; the smallest request that can be answered (USERNAME for an 8-char local ufrag,
 * MESSAGE-INTEGRITY, FINGERPRINT, nothing else) is 68 bytes, and one from a real agent, with PRIORITY and
 * ICE-CONTROLLING, is at least 88. So an answer can exceed its request by up to 8 bytes (a 420 by up to 16: 88
 * bytes for one unknown attribute in a 72-byte request), and only to a sender that holds the session's password:
 * no amplification for anyone else.
 *
 * <p>Threads and memory: one answerer per event loop, not thread-safe. It holds one HmacSHA1 Mac (re-keyed when
 * consecutive requests belong to different sessions), one CRC32 and one reusable {@link StunMessage}. Rejecting
 * a datagram that is not STUN, not a Binding request, malformed, without a valid FINGERPRINT or USERNAME, or for
 * an unknown ufrag allocates nothing. Past that point javax.crypto allocates a little per HMAC (its digest
 * array; a re-key copies the key), and an answer allocates its outcome record, the remote ufrag and the source
 * address's bytes.
 */
public final class StunAnswerer {
    /** The room {@link #answer} needs in its output buffer. */
    public static final int MAX_RESPONSE = 100;
    private static final String UNKNOWN_ATTRIBUTE = "Unknown Attribute";

    private final StunMessage request = new StunMessage();
    private final Hmac hmac = new Hmac();
    private final CRC32 crc = new CRC32();

    /**
     * Reads the datagram {@code buf[off, off+len)} from {@code source} and, if it earns one, writes the answer
     * to {@code out} at {@code outOff} ({@link AnswerOutcome#responseLength} bytes). {@code out} may be
     * {@code buf} itself with {@code outOff == off}: the request is read in full before the answer is written.
     *
     * @throws IllegalArgumentException if {@code out} has less than {@link #MAX_RESPONSE} bytes of room (a bug
     *                                  of the caller's, not of the datagram's)
     */
    public AnswerOutcome answer(byte[] buf, int off, int len, InetSocketAddress source, CredentialLookup lookup,
            byte[] out, int outOff) {
        if (outOff < 0 || out.length - outOff < MAX_RESPONSE) {
            throw new IllegalArgumentException("the output needs " + MAX_RESPONSE + " bytes of room");
        }
        StunProblem header = StunMessage.header(buf, off, len);
        if (header != null) {
            return header == StunProblem.LENGTH_MISMATCH || header == StunProblem.UNALIGNED_LENGTH
                    ? NoAnswer.LENGTH_MISMATCH : NoAnswer.NOT_STUN;
        }
        int type = StunMessage.u16(buf, off);
        if (type == StunMessage.BINDING_INDICATION) {
            return NoAnswer.INDICATION;
        }
        if (type != StunMessage.BINDING_REQUEST) {
            return NoAnswer.NOT_BINDING_REQUEST;
        }
        if (request.scan(buf, off, len) != null) {
            return NoAnswer.MALFORMED;
        }
        if (!request.hasFingerprint()) {
            return NoAnswer.NO_FINGERPRINT;
        }
        if (!request.fingerprintValid(crc)) {
            return NoAnswer.BAD_FINGERPRINT;
        }
        if (!request.hasUsername()) {
            return NoAnswer.NO_USERNAME;
        }
        int user = off + request.usernameOffset();
        int userLen = request.usernameLength();
        int colon = indexOf(buf, user, userLen, (byte) ':');
        if (colon <= user || colon == user + userLen - 1) {
            return NoAnswer.BAD_USERNAME;
        }
        IceCredentials local = lookup.find(buf, user, colon - user);
        if (local == null) {
            return NoAnswer.UNKNOWN_UFRAG;
        }
        if (!request.hasIntegrity()) {
            return NoAnswer.NO_INTEGRITY;
        }
        Mac mac = hmac.keyedWith(local);
        if (!request.integrityValid(mac)) {
            return NoAnswer.BAD_INTEGRITY;
        }
        if (request.unknownCount() > 0) {
            return new Refused(local, 420, unknownAttributes(buf, off, out, outOff, mac));
        }
        String remoteUfrag = new String(buf, colon + 1, user + userLen - colon - 1, StandardCharsets.UTF_8);
        boolean controlling = request.iceControlling();
        boolean nominates = request.useCandidate() && !request.iceControlled();
        long priority = request.priority();
        int p = StunWriter.header(out, outOff, StunMessage.BINDING_SUCCESS, buf, off + 8);
        p = StunWriter.xorMappedAddress(out, outOff, p, source);
        p = StunWriter.integrity(mac, out, outOff, p);
        p = StunWriter.fingerprint(crc, out, outOff, p);
        return new Answered(local, remoteUfrag, nominates, controlling, priority, p - outOff);
    }

    /** The 420 of RFC 8489 §6.3.1, listing the unknown comprehension-required types (at most {@link StunMessage#MAX_UNKNOWN}). */
    private int unknownAttributes(byte[] buf, int off, byte[] out, int outOff, Mac mac) {
        int n = request.unknownCount();
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = request.unknownType(i); // read before the header below may overwrite the request
        }
        int p = StunWriter.header(out, outOff, StunMessage.BINDING_ERROR, buf, off + 8);
        p = StunWriter.errorCode(out, outOff, p, 420, UNKNOWN_ATTRIBUTE);
        int v = StunWriter.attribute(out, outOff, p, StunMessage.UNKNOWN_ATTRIBUTES, 2 * n);
        for (int i = 0; i < n; i++) {
            StunWriter.putU16(out, v + 2 * i, types[i]);
        }
        p = v + ((2 * n + 3) & ~3);
        p = StunWriter.integrity(mac, out, outOff, p);
        p = StunWriter.fingerprint(crc, out, outOff, p);
        return p - outOff;
    }

    private static int indexOf(byte[] b, int from, int len, byte c) {
        for (int i = from; i < from + len; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
