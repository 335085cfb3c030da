package dev.camgate.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.camgate.media.dtls.SrtpKeys;
import dev.camgate.media.dtls.SrtpProfile;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SrtpSessionTest {
    static final HexFormat HEX = HexFormat.of();

    // libSRTP's srtp_validate() and srtp_validate_gcm() known answers (test/srtp_driver.c): SSRC 0xcafebabe, seq 0x1234.
    static final byte[] RTP = HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
    static final byte[] RTCP = HEX.parseHex("81c8000bcafebabe" + "ab".repeat(16));
    static final byte[] CM_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    static final byte[] CM_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
    static final byte[] CM_SRTP = HEX.parseHex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
    static final byte[] CM_SRTCP = HEX.parseHex("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");
    static final byte[] GCM_KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    static final byte[] GCM_SALT = HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
    static final byte[] GCM_SRTP = HEX.parseHex(
            "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392");
    static final byte[] GCM_SRTCP = HEX.parseHex(
            "81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e80000001");

    static SrtpKeys vectorKeys(SrtpProfile profile) {
        byte[] k = profile == SrtpProfile.AEAD_AES_128_GCM ? GCM_KEY : CM_KEY;
        byte[] s = profile == SrtpProfile.AEAD_AES_128_GCM ? GCM_SALT : CM_SALT;
        return new SrtpKeys(profile, k, s, k, s);
    }

    /** Distinct keys each way, as a handshake gives. */
    static SrtpKeys keys(SrtpProfile profile, long seed) {
        Random r = new Random(seed);
        byte[][] parts = new byte[4][];
        for (int i = 0; i < 4; i++) {
            parts[i] = new byte[i % 2 == 0 ? profile.keyLength() : profile.saltLength()];
            r.nextBytes(parts[i]);
        }
        return new SrtpKeys(profile, parts[0], parts[1], parts[2], parts[3]);
    }

    static byte[] room(byte[] packet) {
        return Arrays.copyOf(packet, packet.length + SrtpSession.MAX_OVERHEAD);
    }

    @Test
    void protectsRtpAsLibsrtpDoes() {
        for (SrtpProfile p : SrtpProfile.values()) {
            byte[] expected = p == SrtpProfile.AEAD_AES_128_GCM ? GCM_SRTP : CM_SRTP;
            byte[] buf = room(RTP);
            int n = SrtpSession.forClient(vectorKeys(p)).protectRtp(buf, 0, RTP.length);
            assertArrayEquals(expected, Arrays.copyOf(buf, n), p.name());
        }
    }

    @Test
    void unprotectsLibsrtpsRtpAndRtcp() {
        for (SrtpProfile p : SrtpProfile.values()) {
            boolean gcm = p == SrtpProfile.AEAD_AES_128_GCM;
            SrtpSession server = SrtpSession.forServer(vectorKeys(p));
            byte[] srtp = (gcm ? GCM_SRTP : CM_SRTP).clone();
            assertEquals(RTP.length, server.unprotectRtp(srtp, 0, srtp.length), p.name());
            assertArrayEquals(RTP, Arrays.copyOf(srtp, RTP.length));
            byte[] srtcp = (gcm ? GCM_SRTCP : CM_SRTCP).clone();
            assertEquals(RTCP.length, server.unprotectRtcp(srtcp, 0, srtcp.length), p.name());
            assertArrayEquals(RTCP, Arrays.copyOf(srtcp, RTCP.length));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void roundTripsBothWaysAtAnOffset(SrtpProfile profile) {
        SrtpKeys keys = keys(profile, 1);
        SrtpSession client = SrtpSession.forClient(keys);
        SrtpSession server = SrtpSession.forServer(keys);
        for (int seq = 0; seq < 300; seq++) {
            byte[] rtp = rtp(0x11223344, seq, 1200 - 12 - 16);
            assertRoundTrip(client, server, rtp, true);
            assertRoundTrip(server, client, rtp(0x55667788, seq, 100), true);
            assertRoundTrip(client, server, rtcp(0x11223344, 40), false);
            assertRoundTrip(server, client, rtcp(0x55667788, 24), false);
        }
    }

    @Test
    void theServerCannotReadWhatItSentItself() {
        SrtpKeys keys = keys(SrtpProfile.AES128_CM_HMAC_SHA1_80, 2);
        SrtpSession server = SrtpSession.forServer(keys);
        byte[] buf = room(rtp(1, 1, 50));
        int n = server.protectRtp(buf, 0, 62);
        assertEquals(-1, SrtpSession.forServer(keys).unprotectRtp(buf, 0, n), "each direction has its own key");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void anyChangedByteFailsAuthentication(SrtpProfile profile) {
        SrtpKeys keys = keys(profile, 3);
        SrtpSession client = SrtpSession.forClient(keys);
        byte[] plain = rtp(7, 9, 40);
        byte[] sealed = room(plain);
        int n = client.protectRtp(sealed, 0, plain.length);
        byte[] rtcpPlain = rtcp(7, 32);
        byte[] rtcpSealed = room(rtcpPlain);
        int m = client.protectRtcp(rtcpSealed, 0, rtcpPlain.length);
        for (int i = 0; i < n; i++) {
            byte[] t = Arrays.copyOf(sealed, n);
            t[i] ^= 0x01;
            assertEquals(-1, SrtpSession.forServer(keys).unprotectRtp(t, 0, n), "RTP byte " + i);
        }
        for (int i = 0; i < m; i++) {
            byte[] t = Arrays.copyOf(rtcpSealed, m);
            t[i] ^= 0x40;
            assertEquals(-1, SrtpSession.forServer(keys).unprotectRtcp(t, 0, m), "RTCP byte " + i);
        }
        SrtpSession server = SrtpSession.forServer(keys);
        assertEquals(plain.length, server.unprotectRtp(Arrays.copyOf(sealed, n), 0, n), "the untouched packet is fine");
        assertEquals(-1, server.unprotectRtp(Arrays.copyOf(sealed, n), 0, n - 1), "a shortened packet fails");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedPacketIsRefused(SrtpProfile profile) {
        SrtpKeys keys = keys(profile, 4);
        SrtpSession client = SrtpSession.forClient(keys);
        SrtpSession server = SrtpSession.forServer(keys);
        byte[] sealed = room(rtp(5, 100, 60));
        int n = client.protectRtp(sealed, 0, 72);
        byte[] copy = Arrays.copyOf(sealed, n);
        assertEquals(72, server.unprotectRtp(sealed, 0, n));
        assertEquals(-1, server.unprotectRtp(copy, 0, n), "the same packet again");
        byte[] rtcp = room(rtcp(5, 24));
        int m = client.protectRtcp(rtcp, 0, 24);
        byte[] rtcpCopy = Arrays.copyOf(rtcp, m);
        assertEquals(24, server.unprotectRtcp(rtcp, 0, m));
        assertEquals(-1, server.unprotectRtcp(rtcpCopy, 0, m), "the same RTCP again");
    }

    @Test
    void aRetransmissionMayBeProtectedAgain() {
        SrtpKeys keys = keys(SrtpProfile.AES128_CM_HMAC_SHA1_80, 5);
        SrtpSession client = SrtpSession.forClient(keys);
        byte[] a = room(rtp(5, 100, 60));
        byte[] b = a.clone();
        int n = client.protectRtp(a, 0, 72);
        assertEquals(n, client.protectRtp(b, 0, 72), "a NACK answer re-protects the same sequence number");
        assertArrayEquals(a, b);
    }

    @Test
    void junkIsRefusedWithoutAnException() {
        SrtpSession server = SrtpSession.forServer(keys(SrtpProfile.AEAD_AES_128_GCM, 6));
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(80)];
            r.nextBytes(junk);
            if (junk.length > 0 && r.nextBoolean()) {
                junk[0] = (byte) (0x80 | junk[0] & 0x3F);
            }
            int off = junk.length == 0 ? 0 : r.nextInt(Math.min(junk.length, 4));
            assertEquals(-1, server.unprotectRtp(junk, off, junk.length - off));
            assertEquals(-1, server.unprotectRtcp(junk, off, junk.length - off));
        }
        assertEquals(0, server.knownIncomingSsrcs(), "forged packets make no contexts");
    }

    @Test
    void atMostMaxSsrcsEachWay() {
        SrtpKeys keys = keys(SrtpProfile.AES128_CM_HMAC_SHA1_80, 8);
        SrtpSession client = SrtpSession.forClient(keys);
        SrtpSession server = SrtpSession.forServer(keys);
        for (int ssrc = 1; ssrc <= SrtpSession.MAX_SSRCS; ssrc++) {
            assertRoundTrip(client, server, rtp(ssrc, 1, 20), true);
        }
        byte[] one = room(rtp(1000, 1, 20));
        assertEquals(-1, client.protectRtp(one, 0, 32), "the 33rd SSRC is refused");
        assertEquals(SrtpSession.MAX_SSRCS, server.knownIncomingSsrcs());
        SrtpSession other = SrtpSession.forClient(keys);
        int n = other.protectRtp(one, 0, 32);
        assertEquals(-1, server.unprotectRtp(one, 0, n), "and refused when it arrives");
        assertRoundTrip(client, server, rtp(5, 2, 20), true);
    }

    @Test
    void protectWantsSpareRoom() {
        SrtpSession client = SrtpSession.forClient(keys(SrtpProfile.AES128_CM_HMAC_SHA1_80, 9));
        byte[] tight = rtp(1, 1, 20);
        assertThrows(IllegalArgumentException.class, () -> client.protectRtp(tight, 0, tight.length));
        client.close();
        byte[] buf = room(tight);
        assertThrows(IllegalStateException.class, () -> client.protectRtp(buf, 0, tight.length));
        assertEquals(-1, client.unprotectRtp(buf, 0, tight.length));
    }

    private static void assertRoundTrip(SrtpSession from, SrtpSession to, byte[] plain, boolean isRtp) {
        int off = 3;
        byte[] buf = new byte[off + plain.length + SrtpSession.MAX_OVERHEAD + 2];
        System.arraycopy(plain, 0, buf, off, plain.length);
        int n = isRtp ? from.protectRtp(buf, off, plain.length) : from.protectRtcp(buf, off, plain.length);
        int overhead = n - plain.length;
        boolean gcm = from.profile() == SrtpProfile.AEAD_AES_128_GCM;
        assertEquals(isRtp ? (gcm ? 16 : 10) : (gcm ? 20 : 14), overhead);
        int back = isRtp ? to.unprotectRtp(buf, off, n) : to.unprotectRtcp(buf, off, n);
        assertEquals(plain.length, back);
        assertArrayEquals(plain, Arrays.copyOfRange(buf, off, off + back));
    }

    static byte[] rtp(int ssrc, int seq, int payload) {
        byte[] p = new byte[12 + payload];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * 7 + seq);
        }
        return p;
    }

    static byte[] rtcp(int ssrc, int len) {
        byte[] p = new byte[len];
        p[0] = (byte) 0x81;
        p[1] = (byte) 201; // RR
        p[3] = (byte) (len / 4 - 1);
        p[4] = (byte) (ssrc >> 24);
        p[5] = (byte) (ssrc >> 16);
        p[6] = (byte) (ssrc >> 8);
        p[7] = (byte) ssrc;
        for (int i = 8; i < len; i++) {
            p[i] = (byte) i;
        }
        return p;
    }
}
