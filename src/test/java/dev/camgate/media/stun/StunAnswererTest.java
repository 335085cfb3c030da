package dev.camgate.media.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.stun.AnswerOutcome.Answered;
import dev.camgate.media.stun.AnswerOutcome.NoAnswer;
import dev.camgate.media.stun.AnswerOutcome.Refused;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class StunAnswererTest {
    private static final IceCredentials CAMGATE = new IceCredentials("cAmGaTe1", "abcdefghijklmnopqrstuvwx");
    private static final String VIEWER_UFRAG = "vIeW";
    private static final InetSocketAddress V4 = address("192.0.2.7", 50123);
    private static final InetSocketAddress V6 = address("2001:db8::42", 61000);

    private final UfragTable<IceCredentials> sessions = new UfragTable<>();
    private final CredentialLookup lookup = sessions.credentials(c -> c);
    private final StunAnswerer answerer = new StunAnswerer();
    private final BindingClient client = new BindingClient();
    private final Random random = new Random(7);
    private final byte[] out = new byte[StunAnswerer.MAX_RESPONSE];

    StunAnswererTest() {
        sessions.put(CAMGATE.ufrag(), CAMGATE);
        sessions.put(Rfc5769.CREDENTIALS.ufrag(), Rfc5769.CREDENTIALS);
    }

    @Test
    void aClientRequestIsAnsweredAndTheAnswerVerifiesAtTheClient() throws Exception {
        for (InetSocketAddress source : new InetSocketAddress[] {V4, V6}) {
            byte[] tx = BindingClient.transactionId(random);
            byte[] req = new byte[200];
            int len = client.writeRequest(req, 0, tx, CAMGATE, VIEWER_UFRAG, 0x7E7F00FFL, 0x1122334455667788L, false);
            assertEquals(BindingClient.requestLength(CAMGATE, VIEWER_UFRAG, false), len);

            Answered a = assertInstanceOf(Answered.class, answerer.answer(req, 0, len, source, lookup, out, 0));
            assertSame(CAMGATE, a.local());
            assertEquals(VIEWER_UFRAG, a.remoteUfrag());
            assertFalse(a.useCandidate());
            assertTrue(a.iceControlling());
            assertEquals(0x7E7F00FFL, a.priority());
            assertEquals(source.getAddress().getAddress().length == 4 ? 64 : 76, a.responseLength());

            assertEquals(source, client.readResponse(out, 0, a.responseLength(), tx, CAMGATE));
        }
    }

    @Test
    void useCandidateIsReportedAsANomination() {
        byte[] req = request(true);
        Answered a = assertInstanceOf(Answered.class, answerer.answer(req, 0, req.length, V4, lookup, out, 0));
        assertTrue(a.useCandidate());
    }

    @Test
    void theRfc5769RequestIsAnsweredThoughItClaimsIceControlled() throws Exception {
        // RFC 8445 §7.3.1.1 (487 Role Conflict) is for full agents only; a lite agent answers.
        byte[] r = Rfc5769.REQUEST;
        Answered a = assertInstanceOf(Answered.class, answerer.answer(r, 0, r.length, V6, lookup, out, 0));
        assertSame(Rfc5769.CREDENTIALS, a.local());
        assertEquals("h6vY", a.remoteUfrag());
        assertFalse(a.iceControlling());
        assertFalse(a.useCandidate());
        assertEquals(V6, client.readResponse(out, 0, a.responseLength(), Rfc5769.TRANSACTION_ID, Rfc5769.CREDENTIALS));
    }

    @Test
    void theAnswerCanBeWrittenOverTheRequestItself() throws Exception {
        byte[] tx = BindingClient.transactionId(random);
        byte[] buf = new byte[300];
        int len = client.writeRequest(buf, 40, tx, CAMGATE, VIEWER_UFRAG, 1, 2, true);
        AnswerOutcome o = answerer.answer(buf, 40, len, V6, lookup, buf, 40);
        assertEquals(V6, client.readResponse(buf, 40, o.responseLength(), tx, CAMGATE));
    }

    @Test
    void eachJunkDatagramIsDroppedForItsReasonAndNothingIsWritten() {
        byte[] good = request(false);
        int fp = good.length - 8;
        int mi = fp - 24;
        assertDropped(NoAnswer.NOT_STUN, Arrays.copyOf(good, 19));
        assertDropped(NoAnswer.NOT_STUN, with(good, 0, 0x80));
        assertDropped(NoAnswer.NOT_STUN, with(good, 4, 0));
        assertDropped(NoAnswer.LENGTH_MISMATCH, Arrays.copyOf(good, good.length - 4));
        assertDropped(NoAnswer.LENGTH_MISMATCH, with(good, 3, good[3] + 4));
        assertDropped(NoAnswer.NOT_BINDING_REQUEST, with(good, 1, 0x02)); // method 2
        assertDropped(NoAnswer.NOT_BINDING_REQUEST, with(with(good, 0, 0x01), 1, 0x01)); // a success response
        assertDropped(NoAnswer.INDICATION, with(good, 1, 0x11));
        assertDropped(NoAnswer.MALFORMED, with(good, 23, 0x7F)); // USERNAME runs past the end
        assertDropped(NoAnswer.BAD_FINGERPRINT, with(good, fp + 7, good[fp + 7] ^ 1));
        assertDropped(NoAnswer.BAD_FINGERPRINT, with(good, 30, good[30] ^ 1)); // any bit before it
        assertDropped(NoAnswer.NO_FINGERPRINT, withoutFingerprint(good));
        assertDropped(NoAnswer.BAD_INTEGRITY, refingerprint(with(good, mi + 4, good[mi + 4] ^ 1)));

        byte[] wrongPwd = new byte[200];
        int n = client.writeRequest(wrongPwd, 0, new byte[12], new IceCredentials(CAMGATE.ufrag(),
                "abcdefghijklmnopqrstuvwy"), VIEWER_UFRAG, 1, 2, false);
        assertDropped(NoAnswer.BAD_INTEGRITY, Arrays.copyOf(wrongPwd, n));

        byte[] unknown = new byte[200];
        n = client.writeRequest(unknown, 0, new byte[12], new IceCredentials("nOsUcHuF", CAMGATE.pwd()),
                VIEWER_UFRAG, 1, 2, false);
        assertDropped(NoAnswer.UNKNOWN_UFRAG, Arrays.copyOf(unknown, n));

        assertDropped(NoAnswer.BAD_USERNAME, refingerprint(with(good, 24 + 8, 'x'))); // "cAmGaTe1xvIeW": no colon
        assertDropped(NoAnswer.BAD_USERNAME, usernameOnly(":vIeW"));
        assertDropped(NoAnswer.BAD_USERNAME, usernameOnly("cAmGaTe1:"));
        assertDropped(NoAnswer.UNKNOWN_UFRAG, usernameOnly("cAmGaTe:vIeW"), "a prefix of a ufrag is not the ufrag");
        assertDropped(NoAnswer.NO_INTEGRITY, usernameOnly("cAmGaTe1:vIeW"));
        assertDropped(NoAnswer.NO_USERNAME, refingerprint(with(good, 21, 0x07))); // USERNAME becomes type 0x0007
    }

    @Test
    void anAuthenticatedRequestWithAnUnknownRequiredAttributeGets420ListingIt() throws Exception {
        byte[] tx = BindingClient.transactionId(random);
        byte[] req = new byte[200];
        int len = client.writeRequest(req, 0, tx, CAMGATE, VIEWER_UFRAG, 1, 2, false);
        // Insert an unknown comprehension-required attribute 0x0030 (4 bytes) before MESSAGE-INTEGRITY, re-sign.
        byte[] m = insertBeforeIntegrity(Arrays.copyOf(req, len), new byte[] {0x00, 0x30, 0x00, 0x04, 1, 2, 3, 4});
        Refused r = assertInstanceOf(Refused.class, answerer.answer(m, 0, m.length, V4, lookup, out, 0));
        assertEquals(420, r.errorCode());
        assertSame(CAMGATE, r.local());

        StunMessage response = StunMessage.parse(out, 0, r.responseLength());
        assertEquals(StunMessage.BINDING_ERROR, response.type());
        assertTrue(response.hasTransactionId(tx));
        assertEquals(420, response.errorCode());
        assertEquals("Unknown Attribute", response.errorReason());
        assertTrue(response.fingerprintValid(new CRC32()));
        assertTrue(response.integrityValid(CAMGATE.newMac()));
        int ua = findAttribute(out, r.responseLength(), StunMessage.UNKNOWN_ATTRIBUTES);
        assertEquals(2, StunMessage.u16(out, ua + 2));
        assertEquals(0x0030, StunMessage.u16(out, ua + 4));
        StunException e = assertThrows(StunException.class, () -> client.readResponse(out, 0, r.responseLength(), tx, CAMGATE));
        assertEquals("Binding error response 420 Unknown Attribute", e.getMessage());

        // The same insertion without re-signing proves nothing and gets nothing.
        byte[] unsigned = Arrays.copyOf(m, m.length);
        unsigned[m.length - 9] ^= 1;
        assertDropped(NoAnswer.BAD_INTEGRITY, refingerprint(unsigned));
    }

    @Test
    void nothingButAnAuthenticatedRequestEverGetsBytesAndAnswersStayWithinTheDocumentedSizes() {
        // The smallest answerable request against the largest answer (IPv6): the documented 8 bytes more.
        byte[] smallest = usernameOnly("cAmGaTe1:v");
        smallest = sign(smallest, CAMGATE);
        assertEquals(68, smallest.length);
        AnswerOutcome o = answerer.answer(smallest, 0, smallest.length, V6, lookup, out, 0);
        assertEquals(76, o.responseLength());
        // A request as a real agent sends it is never smaller than the answer.
        byte[] real = request(false);
        assertTrue(answerer.answer(real, 0, real.length, V6, lookup, out, 0).responseLength() <= real.length);
    }

    @Test
    void rejectingJunkAllocatesNothing() {
        byte[] good = request(false);
        byte[][] junk = {
            new byte[] {(byte) 0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, // RTP
            Arrays.copyOf(good, good.length - 4),
            with(good, 1, 0x11),
            with(good, 23, 0x7F),
            with(good, good.length - 1, good[good.length - 1] ^ 1),
            usernameOnly("zzzzzzzz:vIeW"),
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) { // the first round warms up (class loading, lambdas)
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                byte[] j = junk[i % junk.length];
                answerer.answer(j, 0, j.length, V4, lookup, out, 0);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertTrue(allocated < 4096, "20000 junk datagrams allocated " + allocated + " bytes");
            }
        }
    }

    @Test
    void theOutputMustHaveRoomForAnyAnswer() {
        byte[] good = request(false);
        assertThrows(IllegalArgumentException.class,
                () -> answerer.answer(good, 0, good.length, V4, lookup, new byte[StunAnswerer.MAX_RESPONSE - 1], 0));
    }

    @Test
    void requestsForTwoSessionsInTurnAreBothAnswered() {
        IceCredentials other = IceCredentials.random(new SecureRandom());
        sessions.put(other.ufrag(), other);
        for (int i = 0; i < 4; i++) {
            IceCredentials c = i % 2 == 0 ? CAMGATE : other;
            byte[] req = new byte[200];
            int len = client.writeRequest(req, 0, new byte[12], c, VIEWER_UFRAG, 1, 2, false);
            Answered a = assertInstanceOf(Answered.class, answerer.answer(req, 0, len, V4, lookup, out, 0));
            assertSame(c, a.local());
        }
        sessions.remove(other.ufrag());
        byte[] req = new byte[200];
        int len = client.writeRequest(req, 0, new byte[12], other, VIEWER_UFRAG, 1, 2, false);
        assertSame(NoAnswer.UNKNOWN_UFRAG, answerer.answer(req, 0, len, V4, lookup, out, 0));
    }

    private byte[] request(boolean useCandidate) {
        byte[] req = new byte[200];
        int len = client.writeRequest(req, 0, BindingClient.transactionId(random), CAMGATE, VIEWER_UFRAG,
                0x6E0001FFL, 42, useCandidate);
        return Arrays.copyOf(req, len);
    }

    private void assertDropped(NoAnswer reason, byte[] datagram) {
        assertDropped(reason, datagram, reason.name());
    }

    private void assertDropped(NoAnswer reason, byte[] datagram, String why) {
        byte[] o = new byte[StunAnswerer.MAX_RESPONSE];
        Arrays.fill(o, (byte) 0x5A);
        assertSame(reason, answerer.answer(datagram, 0, datagram.length, V4, lookup, o, 0), why);
        byte[] untouched = new byte[StunAnswerer.MAX_RESPONSE];
        Arrays.fill(untouched, (byte) 0x5A);
        assertArrayEquals(untouched, o, "nothing may be written for " + reason);
    }

    /** A Binding request with only USERNAME and FINGERPRINT. */
    private static byte[] usernameOnly(String username) {
        byte[] u = username.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] m = new byte[20 + 4 + ((u.length + 3) & ~3)];
        m[1] = 1;
        StunWriter.putS32(m, 4, StunMessage.MAGIC_COOKIE);
        m[3] = (byte) (m.length - 20);
        m[21] = 0x06;
        m[23] = (byte) u.length;
        System.arraycopy(u, 0, m, 24, u.length);
        return withFingerprint(m);
    }

    /** Appends MESSAGE-INTEGRITY (and FINGERPRINT) to a message that has a FINGERPRINT at its end. */
    private static byte[] sign(byte[] withFp, IceCredentials c) {
        byte[] m = Arrays.copyOf(withFp, withFp.length - 8 + 24);
        int p = StunWriter.integrity(c.newMac(), m, 0, withFp.length - 8);
        assertEquals(m.length, p);
        return withFingerprint(m);
    }

    private static byte[] insertBeforeIntegrity(byte[] req, byte[] attribute) {
        int mi = req.length - 32;
        byte[] m = new byte[mi + attribute.length];
        System.arraycopy(req, 0, m, 0, mi);
        System.arraycopy(attribute, 0, m, mi, attribute.length);
        StunWriter.putU16(m, 2, m.length - 20);
        return sign(withFingerprint(m), CAMGATE);
    }

    private static byte[] withFingerprint(byte[] m) {
        byte[] f = Arrays.copyOf(m, m.length + 8);
        StunWriter.fingerprint(new CRC32(), f, 0, m.length);
        return f;
    }

    private static byte[] withoutFingerprint(byte[] m) {
        byte[] f = Arrays.copyOf(m, m.length - 8);
        StunWriter.putU16(f, 2, f.length - 20);
        return f;
    }

    private static byte[] refingerprint(byte[] m) {
        return withFingerprint(withoutFingerprint(m));
    }

    private static int findAttribute(byte[] m, int len, int type) {
        for (int p = 20; p + 4 <= len; p += 4 + ((StunMessage.u16(m, p + 2) + 3) & ~3)) {
            if (StunMessage.u16(m, p) == type) {
                return p;
            }
        }
        throw new AssertionError("no attribute " + type);
    }

    private static byte[] with(byte[] b, int i, int v) {
        byte[] c = b.clone();
        c[i] = (byte) v;
        return c;
    }

    private static InetSocketAddress address(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
