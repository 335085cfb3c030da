package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.stun.AnswerOutcome;
import dev.camgate.media.stun.AnswerOutcome.Answered;
import dev.camgate.media.stun.AnswerOutcome.NoAnswer;
import dev.camgate.media.stun.AnswerOutcome.Refused;
import dev.camgate.media.stun.BindingClient;
import dev.camgate.media.stun.CredentialLookup;
import dev.camgate.media.stun.IceCredentials;
import dev.camgate.media.stun.StunAnswerer;
import dev.camgate.media.stun.StunException;
import dev.camgate.media.stun.StunMessage;
import dev.camgate.media.stun.UfragTable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * STUN datagrams from anyone on the media port. {@link StunMessage#parse} returns a view or throws
 * {@link StunException}, nothing else, and every accessor of a parsed view stays inside the message.
 * {@link StunAnswerer#answer} throws nothing, writes nothing unless it answers, and answers only a Binding
 * request that truly carries a valid FINGERPRINT and a MESSAGE-INTEGRITY made with the password of one of the
 * harness's sessions; that truth is decided by an oracle here that shares no code with the answerer.
 *
 * <p>The first input byte of {@code answer} steers, so the fuzzer can get past the checks no mutation survives:
 * bit 0 mends the header (cookie, length field), bit 1 re-signs MESSAGE-INTEGRITY with the password of the
 * ufrag the USERNAME names (if the harness knows it), bit 2 recomputes FINGERPRINT, bit 3 picks an IPv6 source.
 * Seeds: StunFuzzTestInputs/parse/ and StunFuzzTestInputs/answer/.
 */
class StunFuzzTest {
    private static final Map<String, IceCredentials> SESSIONS = Map.of(
            "cAmGaTe1", new IceCredentials("cAmGaTe1", "abcdefghijklmnopqrstuvwx"),
            "evtj", new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBt"),
            "a+/9", new IceCredentials("a+/9", "0123456789012345678901"));
    private static final CredentialLookup LOOKUP;
    private static final InetSocketAddress V4 = address("198.51.100.9", 40000);
    private static final InetSocketAddress V6 = address("2001:db8:ffff::1", 1);
    private static final int OFF = 5;

    static {
        UfragTable<IceCredentials> table = new UfragTable<>();
        SESSIONS.forEach(table::put);
        LOOKUP = table.credentials(c -> c);
    }

    // Reused across inputs, as on the event loop: state left by one datagram must not leak into the next.
    private static final StunAnswerer ANSWERER = new StunAnswerer();
    private static final StunMessage REUSED = new StunMessage();

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] data) {
        byte[] buf = embed(data);
        boolean stun = StunMessage.isStun(buf, OFF, data.length);
        StunMessage m;
        try {
            m = StunMessage.parse(buf, OFF, data.length);
        } catch (StunException e) {
            assertNotNull(e.problem(), "a structural failure names its problem");
            assertFalse(e.getMessage().isBlank());
            assertThrows(StunException.class, () -> REUSED.read(buf, OFF, data.length), "the reused view disagrees");
            return;
        }
        assertTrue(stun, "parsed what isStun refused");
        assertEquals(data.length, m.length());
        assertNotNull(m.kind());
        assertEquals(m.type() & 0x3EEF, m.method() << 2 & 0x3E00 | m.method() << 1 & 0x00E0 | m.method() & 0xF,
                "method bits");
        assertTrue(m.hasTransactionId(Arrays.copyOfRange(data, 8, 20)));
        assertInside(m.usernameOffset(), m.usernameLength(), data.length);
        assertInside(m.integrityOffset(), 24, data.length);
        assertInside(m.fingerprintOffset(), 8, data.length);
        if (m.hasFingerprint()) {
            assertEquals(data.length - 8, m.fingerprintOffset(), "FINGERPRINT is last");
        }
        if (m.hasUsername()) {
            assertTrue(m.usernameLength() <= StunMessage.MAX_USERNAME);
            assertNotNull(m.username());
        }
        long priority = m.priority();
        assertTrue(priority >= -1 && priority <= 0xFFFFFFFFL);
        m.tiebreaker();
        InetSocketAddress mapped = m.xorMappedAddress();
        assertEquals(m.hasXorMappedAddress(), mapped != null);
        int code = m.errorCode();
        assertTrue(code == -1 || code >= 300 && code <= 699, "error code " + code);
        assertEquals(code == -1, m.errorReason() == null);
        for (int i = 0; i < m.unknownCount(); i++) {
            assertTrue(m.unknownType(i) < 0x8000);
        }
        CRC32 crc = new CRC32();
        boolean fp = m.fingerprintValid(crc);
        assertEquals(fp, Oracle.fingerprintValid(data, m.fingerprintOffset()), "FINGERPRINT, parser vs oracle");
        for (IceCredentials c : SESSIONS.values()) {
            boolean mi = m.integrityValid(c.newMac());
            assertEquals(mi, Oracle.integrityValid(data, m.integrityOffset(), c), "MESSAGE-INTEGRITY, parser vs oracle");
        }
        try {
            StunMessage again = REUSED.read(buf, OFF, data.length);
            assertEquals(m.username(), again.username());
            assertEquals(m.integrityOffset(), again.integrityOffset());
            assertEquals(m.unknownCount(), again.unknownCount());
            assertEquals(mapped, again.xorMappedAddress());
        } catch (StunException e) {
            fail("the reused view refused what a fresh one parsed: " + e.getMessage());
        }
    }

    @FuzzTest(maxDuration = "5m")
    void answer(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int control = data[0];
        byte[] msg = Arrays.copyOfRange(data, 1, data.length);
        if ((control & 1) != 0 && msg.length >= 20) {
            msg[0] &= 0x3F;
            put16(msg, 2, msg.length - 20);
            put32(msg, 4, StunMessage.MAGIC_COOKIE);
        }
        if ((control & 2) != 0) {
            Oracle.resign(msg);
        }
        if ((control & 4) != 0) {
            Oracle.refingerprint(msg);
        }
        InetSocketAddress source = (control & 8) != 0 ? V6 : V4;
        IceCredentials truth = Oracle.authenticatedBy(msg);

        byte[] buf = embed(msg);
        byte[] before = buf.clone();
        byte[] out = new byte[StunAnswerer.MAX_RESPONSE + 9];
        Arrays.fill(out, (byte) 0x5A);
        AnswerOutcome outcome = ANSWERER.answer(buf, OFF, msg.length, source, LOOKUP, out, 9);
        assertArrayEquals(before, buf, "the request must be left as it was");
        assertNotNull(outcome);

        switch (outcome) {
            case Answered a -> {
                assertNotNull(truth, "answered a request that does not carry a valid MESSAGE-INTEGRITY of a known session");
                assertSame(truth, a.local());
                try {
                    assertEquals(source, new BindingClient().readResponse(out, 9, a.responseLength(),
                            Arrays.copyOfRange(msg, 8, 20), truth));
                } catch (StunException e) {
                    fail("the answer does not verify: " + e.getMessage());
                }
            }
            case Refused r -> {
                assertNotNull(truth, "refused (with bytes) a request that is not authenticated");
                assertEquals(420, r.errorCode());
                try {
                    StunMessage response = StunMessage.parse(out, 9, r.responseLength());
                    assertEquals(StunMessage.BINDING_ERROR, response.type());
                    assertEquals(420, response.errorCode());
                    assertTrue(response.integrityValid(truth.newMac()));
                    assertTrue(response.fingerprintValid(new CRC32()));
                } catch (StunException e) {
                    fail("the 420 does not parse: " + e.getMessage());
                }
            }
            case NoAnswer n -> {
                for (int i = 0; i < out.length; i++) {
                    assertEquals(0x5A, out[i], "wrote a byte for " + n);
                }
                if (truth != null) {
                    // The oracle checks only what authentication needs; the parser may still find an attribute of the
                    // wrong length, and then the datagram is malformed for every reader.
                    assertSame(NoAnswer.MALFORMED, n, "dropped an authenticated request");
                    assertThrows(StunException.class, () -> StunMessage.parse(msg, 0, msg.length));
                }
            }
        }
        if (outcome.responseLength() > 0) {
            assertTrue(outcome.responseLength() <= StunAnswerer.MAX_RESPONSE);
            for (int i = 0; i < 9; i++) {
                assertEquals(0x5A, out[i], "wrote before the offset");
            }
        }
    }

    /** Reads a datagram the plain way, with nothing from the code under test. */
    private static final class Oracle {
        /** Positions found by a walk: {username value, username length, MI attribute, FP attribute}; null if it does not walk. */
        static int[] walk(byte[] m) {
            int n = m.length;
            if (n < 20 || (m[0] & 0xC0) != 0 || get32(m, 4) != StunMessage.MAGIC_COOKIE || get16(m, 2) != n - 20
                    || n % 4 != 0) {
                return null;
            }
            int user = -1;
            int userLen = 0;
            int mi = -1;
            int fp = -1;
            for (int p = 20; p < n; ) {
                if (fp >= 0 || n - p < 4) {
                    return null;
                }
                int type = get16(m, p);
                int len = get16(m, p + 2);
                int next = p + 4 + (len + 3) / 4 * 4;
                if (next > n) {
                    return null;
                }
                if (type == 0x8028) {
                    if (len != 4) {
                        return null;
                    }
                    fp = p;
                } else if (mi < 0 && type == 0x0006 && user < 0) {
                    user = p + 4;
                    userLen = len;
                } else if (mi < 0 && type == 0x0008) {
                    if (len != 20) {
                        return null;
                    }
                    mi = p;
                }
                p = next;
            }
            return new int[] {user, userLen, mi, fp};
        }

        /** The session whose password made this Binding request's MESSAGE-INTEGRITY, if all the rest holds too. */
        static IceCredentials authenticatedBy(byte[] m) {
            int[] w = walk(m);
            if (w == null || get16(m, 0) != 0x0001 || w[3] < 0 || !fingerprintValid(m, w[3]) || w[2] < 0) {
                return null;
            }
            IceCredentials c = named(m, w);
            return c != null && integrityValid(m, w[2], c) ? c : null;
        }

        static IceCredentials named(byte[] m, int[] w) {
            if (w[0] < 0) {
                return null;
            }
            String username = new String(m, w[0], w[1], StandardCharsets.ISO_8859_1);
            int colon = username.indexOf(':');
            if (colon <= 0 || colon == username.length() - 1) {
                return null;
            }
            return SESSIONS.get(username.substring(0, colon));
        }

        static boolean fingerprintValid(byte[] m, int fp) {
            if (fp < 0) {
                return false;
            }
            CRC32 crc = new CRC32();
            crc.update(m, 0, fp);
            return ((int) crc.getValue() ^ 0x5354554E) == get32(m, fp + 4);
        }

        static boolean integrityValid(byte[] m, int mi, IceCredentials c) {
            if (mi < 0) {
                return false;
            }
            return MessageDigest.isEqual(hmac(m, mi, c), Arrays.copyOfRange(m, mi + 4, mi + 24));
        }

        static byte[] hmac(byte[] m, int mi, IceCredentials c) {
            byte[] signed = Arrays.copyOf(m, mi);
            put16(signed, 2, mi + 24 - 20);
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new javax.crypto.spec.SecretKeySpec(c.pwd().getBytes(StandardCharsets.US_ASCII), "HmacSHA1"));
                return mac.doFinal(signed);
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        static void resign(byte[] m) {
            int[] w = walk(m);
            if (w != null && w[2] >= 0) {
                IceCredentials c = named(m, w);
                if (c != null) {
                    System.arraycopy(hmac(m, w[2], c), 0, m, w[2] + 4, 20);
                }
            }
        }

        static void refingerprint(byte[] m) {
            int[] w = walk(m);
            if (w != null && w[3] >= 0) {
                CRC32 crc = new CRC32();
                crc.update(m, 0, w[3]);
                put32(m, w[3] + 4, (int) crc.getValue() ^ 0x5354554E);
            }
        }
    }

    private static void assertInside(int offset, int length, int messageLength) {
        assertTrue(offset == -1 || offset >= 20 && offset + length <= messageLength,
                "offset " + offset + "+" + length + " outside a message of " + messageLength);
    }

    private static byte[] embed(byte[] data) {
        byte[] buf = new byte[data.length + OFF + 3];
        Arrays.fill(buf, (byte) 0xA5);
        System.arraycopy(data, 0, buf, OFF, data.length);
        return buf;
    }

    private static int get16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    private static int get32(byte[] b, int i) {
        return get16(b, i) << 16 | get16(b, i + 2);
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    private static void put32(byte[] b, int i, int v) {
        put16(b, i, v >>> 16);
        put16(b, i + 2, v);
    }

    private static InetSocketAddress address(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
