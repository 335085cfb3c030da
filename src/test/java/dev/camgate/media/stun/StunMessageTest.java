package dev.camgate.media.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class StunMessageTest {
    private final CRC32 crc = new CRC32();

    @Test
    void rfc5769SampleRequestParsesAndItsIntegrityAndFingerprintCheckOut() throws Exception {
        StunMessage m = StunMessage.parse(Rfc5769.REQUEST, 0, Rfc5769.REQUEST.length);
        assertEquals(StunMessage.BINDING_REQUEST, m.type());
        assertEquals(StunMessage.BINDING, m.method());
        assertEquals(StunMessage.Kind.REQUEST, m.kind());
        assertArrayEquals(Rfc5769.TRANSACTION_ID, m.transactionId());
        assertTrue(m.hasTransactionId(Rfc5769.TRANSACTION_ID));
        assertEquals(Rfc5769.USERNAME, m.username());
        assertEquals(0x6e0001ffL, m.priority());
        assertTrue(m.iceControlled());
        assertFalse(m.iceControlling());
        assertEquals(0x932ff9b151263b36L, m.tiebreaker());
        assertFalse(m.useCandidate());
        assertEquals(76, m.integrityOffset());
        assertEquals(100, m.fingerprintOffset());
        assertEquals(0, m.unknownCount(), "SOFTWARE is comprehension-optional");
        assertTrue(m.fingerprintValid(crc));
        assertTrue(m.integrityValid(Rfc5769.CREDENTIALS.newMac()));
        assertFalse(m.integrityValid(new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBu").newMac()));
    }

    @Test
    void rfc5769Ipv4ResponseDecodesTo192_0_2_1Port32853() throws Exception {
        StunMessage m = StunMessage.parse(Rfc5769.IPV4_RESPONSE, 0, Rfc5769.IPV4_RESPONSE.length);
        assertEquals(StunMessage.Kind.SUCCESS, m.kind());
        assertTrue(m.fingerprintValid(crc));
        assertTrue(m.integrityValid(Rfc5769.CREDENTIALS.newMac()));
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853), m.xorMappedAddress());
    }

    @Test
    void rfc5769Ipv6ResponseDecodesTo2001_db8Port32853() throws Exception {
        StunMessage m = StunMessage.parse(Rfc5769.IPV6_RESPONSE, 0, Rfc5769.IPV6_RESPONSE.length);
        assertTrue(m.fingerprintValid(crc));
        assertTrue(m.integrityValid(Rfc5769.CREDENTIALS.newMac()));
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
                m.xorMappedAddress());
    }

    @Test
    void rfc5769ResponsesVerifyThroughTheClient() throws Exception {
        BindingClient client = new BindingClient();
        assertEquals(32853, client.readResponse(Rfc5769.IPV4_RESPONSE, 0, Rfc5769.IPV4_RESPONSE.length,
                Rfc5769.TRANSACTION_ID, Rfc5769.CREDENTIALS).getPort());
        StunException e = assertThrows(StunException.class, () -> client.readResponse(Rfc5769.IPV4_RESPONSE, 0,
                Rfc5769.IPV4_RESPONSE.length, new byte[12], Rfc5769.CREDENTIALS));
        assertTrue(e.getMessage().contains("transaction id"), e.getMessage());
    }

    @Test
    void aMessageInsideALargerBufferParsesAtItsOffset() throws Exception {
        byte[] big = new byte[Rfc5769.REQUEST.length + 13];
        System.arraycopy(Rfc5769.REQUEST, 0, big, 7, Rfc5769.REQUEST.length);
        StunMessage m = StunMessage.parse(big, 7, Rfc5769.REQUEST.length);
        assertEquals(Rfc5769.USERNAME, m.username());
        assertTrue(m.fingerprintValid(crc));
        assertTrue(m.integrityValid(Rfc5769.CREDENTIALS.newMac()));
        assertTrue(StunMessage.isStun(big, 7, Rfc5769.REQUEST.length));
        assertFalse(StunMessage.isStun(big, 6, Rfc5769.REQUEST.length));
    }

    @Test
    void isStunChecksBitsCookieAndLength() {
        byte[] r = Rfc5769.REQUEST;
        assertTrue(StunMessage.isStun(r, 0, r.length));
        assertFalse(StunMessage.isStun(r, 0, 19));
        assertFalse(StunMessage.isStun(r, 0, r.length - 4), "length field says 88, datagram has 84");
        assertFalse(StunMessage.isStun(with(r, 0, 0x40), 0, r.length), "first bits must be 0");
        assertFalse(StunMessage.isStun(with(r, 0, 0x80), 0, r.length), "RTP's first byte");
        assertFalse(StunMessage.isStun(with(r, 5, 0x13), 0, r.length), "cookie");
        byte[] odd = Arrays.copyOf(r, 22);
        odd[3] = 2;
        assertFalse(StunMessage.isStun(odd, 0, 22), "the length must be a multiple of 4");
    }

    @Test
    void eachStructuralProblemIsNamed() {
        byte[] r = Rfc5769.REQUEST;
        assertProblem(StunProblem.TOO_SHORT, Arrays.copyOf(r, 12));
        assertProblem(StunProblem.NOT_STUN, with(r, 0, 0xC0));
        assertProblem(StunProblem.BAD_COOKIE, with(r, 4, 0x20));
        assertProblem(StunProblem.LENGTH_MISMATCH, Arrays.copyOf(r, r.length - 8));
        // SOFTWARE claims 0x60 bytes: runs past the end
        assertProblem(StunProblem.ATTRIBUTE_TRUNCATED, with(r, 23, 0x60));
        // PRIORITY (at 40) of 8 bytes
        assertProblem(StunProblem.BAD_PRIORITY_LENGTH, with(r, 43, 8));
        // MESSAGE-INTEGRITY (at 76) of 16 bytes
        assertProblem(StunProblem.BAD_INTEGRITY_LENGTH, with(r, 79, 0x10));
        // ICE-CONTROLLED (at 48) of 4 bytes
        assertProblem(StunProblem.BAD_ROLE_LENGTH, with(r, 51, 4));
        // FINGERPRINT (at 100) then one more attribute: append an empty SOFTWARE
        byte[] after = Arrays.copyOf(r, r.length + 4);
        after[3] = (byte) (r.length - 20 + 4);
        after[r.length] = (byte) 0x80;
        after[r.length + 1] = 0x22;
        assertProblem(StunProblem.FINGERPRINT_NOT_LAST, after);
    }

    @Test
    void anExceptionSaysWhereTheProblemIs() {
        StunException e = assertThrows(StunException.class,
                () -> StunMessage.parse(with(Rfc5769.REQUEST, 79, 0x10), 0, Rfc5769.REQUEST.length));
        assertEquals("MESSAGE-INTEGRITY is not 20 bytes (at byte 76)", e.getMessage());
    }

    @Test
    void attributesAfterIntegrityAreIgnoredButStillBoundsChecked() throws Exception {
        byte[] r = Rfc5769.REQUEST;
        // An unknown comprehension-required attribute (0x7777, 4 bytes) between MI and FINGERPRINT.
        byte[] m = new byte[r.length + 8];
        System.arraycopy(r, 0, m, 0, 100);
        m[100] = 0x77;
        m[101] = 0x77;
        m[103] = 4;
        System.arraycopy(r, 100, m, 108, 8);
        m[3] = (byte) (m.length - 20);
        StunMessage parsed = StunMessage.parse(m, 0, m.length);
        assertEquals(0, parsed.unknownCount());
        assertTrue(parsed.hasFingerprint());
        m[103] = 0x20;
        assertProblem(StunProblem.ATTRIBUTE_TRUNCATED, m);
    }

    @Test
    void unknownComprehensionRequiredAttributesBeforeIntegrityAreListedOnce() throws Exception {
        byte[] m = Rfc5769.hex("""
                00 01 00 14 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00
                00 30 00 00 00 31 00 01 05 00 00 00 00 30 00 00 c0 57 00 00""");
        StunMessage parsed = StunMessage.parse(m, 0, m.length);
        assertEquals(2, parsed.unknownCount());
        assertEquals(0x30, parsed.unknownType(0));
        assertEquals(0x31, parsed.unknownType(1));
        assertFalse(parsed.hasUsername());
        assertNull(parsed.username());
        assertEquals(-1, parsed.priority());
        assertNull(parsed.xorMappedAddress());
        assertEquals(-1, parsed.errorCode());
    }

    @Test
    void theViewIsReusable() throws Exception {
        StunMessage m = new StunMessage();
        m.read(Rfc5769.REQUEST, 0, Rfc5769.REQUEST.length);
        assertTrue(m.hasUsername());
        m.read(Rfc5769.IPV4_RESPONSE, 0, Rfc5769.IPV4_RESPONSE.length);
        assertFalse(m.hasUsername(), "nothing of the previous message may stay");
        assertFalse(m.iceControlled());
        assertEquals(-1, m.priority());
        assertTrue(m.hasXorMappedAddress());
    }

    private static void assertProblem(StunProblem expected, byte[] m) {
        StunException e = assertThrows(StunException.class, () -> StunMessage.parse(m, 0, m.length));
        assertEquals(expected, e.problem(), e.getMessage());
    }

    private static byte[] with(byte[] b, int i, int v) {
        byte[] c = b.clone();
        c[i] = (byte) v;
        return c;
    }
}
