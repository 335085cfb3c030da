package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.dtls.DtlsServerSession;
import dev.camgate.media.dtls.DtlsSession;
import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.dtls.SrtpKeys;
import dev.camgate.media.dtls.SrtpProfile;
import dev.camgate.media.srtp.SrtpSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bytes off the UDP port that claim to be SRTP, SRTCP or DTLS. Seeds: SrtpFuzzTestInputs/unprotect/ and
 * SrtpFuzzTestInputs/dtlsReceive/ (the latter hold real ClientHello flights from DtlsClientSession).
 */
class SrtpFuzzTest {
    private static final HubCertificate HUB = HubCertificate.generate();
    private static final HubCertificate VIEWER = HubCertificate.generate();
    private static final DtlsSession.Settings QUICK = new DtlsSession.Settings(Duration.ofMillis(25), Duration.ofMillis(5), 64);

    static {
        SrtpSession.warmUp();
    }

    private static SrtpKeys keys(SrtpProfile p) {
        byte[] k = new byte[p.keyLength()];
        byte[] s = new byte[p.saltLength()];
        Arrays.fill(k, (byte) 0x5A);
        Arrays.fill(s, (byte) 0xA5);
        byte[] k2 = k.clone();
        k2[0] = 1;
        return new SrtpKeys(p, k, s, k2, s);
    }

    /**
     * First byte: bit 0 the profile, bit 1 RTCP instead of RTP, bit 2 "sealed": the rest is made into a packet,
     * protected by a client and changed at one place (second byte) before the server unprotects it, so the fuzzer
     * reaches past authentication. Raw input must come back as a length in [0, len] or -1; a sealed packet
     * unchanged must come back exactly, a changed one must be refused.
     */
    @FuzzTest(maxDuration = "5m")
    void unprotect(byte[] data) {
        if (data.length < 2) {
            return;
        }
        SrtpProfile profile = (data[0] & 1) == 0 ? SrtpProfile.AES128_CM_HMAC_SHA1_80 : SrtpProfile.AEAD_AES_128_GCM;
        boolean rtcp = (data[0] & 2) != 0;
        boolean sealed = (data[0] & 4) != 0;
        int flip = data[1] & 0xFF;
        byte[] body = Arrays.copyOfRange(data, 2, data.length);
        SrtpSession server = SrtpSession.forServer(keys(profile));
        if (!sealed) {
            int off = flip % 4;
            byte[] buf = new byte[off + body.length];
            System.arraycopy(body, 0, buf, off, body.length);
            int n = rtcp ? server.unprotectRtcp(buf, off, body.length) : server.unprotectRtp(buf, off, body.length);
            assertTrue(n == -1 || n >= 0 && n <= body.length, "length out of range: " + n);
            return;
        }
        if (body.length < 12) {
            return;
        }
        body[0] = (byte) (0x80 | body[0] & 0x3F);
        SrtpSession client = SrtpSession.forClient(keys(profile));
        byte[] buf = Arrays.copyOf(body, body.length + SrtpSession.MAX_OVERHEAD);
        int n = rtcp ? client.protectRtcp(buf, 0, body.length) : client.protectRtp(buf, 0, body.length);
        if (n < 0) {
            assertFalse(rtcp, "any RTCP of 8 bytes or more with version 2 is protected");
            return; // an RTP header that does not fit: refused on the way out already
        }
        boolean changed = flip != 0;
        if (changed) {
            buf[flip % n] ^= (byte) (flip | 1);
        }
        int back = rtcp ? server.unprotectRtcp(buf, 0, n) : server.unprotectRtp(buf, 0, n);
        if (changed) {
            assertEquals(-1, back, "a changed packet must not authenticate");
        } else {
            assertEquals(body.length, back);
            assertArrayEquals(body, Arrays.copyOf(buf, back));
        }
    }

    /**
     * Datagrams (each a 2-byte length and its bytes) into a DtlsServerSession.receive, then its handshake run to
     * its (short) timeout on this thread: nothing escapes, the listener hears exactly one failure with a reason,
     * and nothing connects without the client's key.
     */
    @FuzzTest(maxDuration = "5m")
    void dtlsReceive(byte[] data) {
        List<Runnable> task = new ArrayList<>(1);
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        DtlsSession.Listener listener = new DtlsSession.Listener() {
            @Override
            public void connected(SrtpKeys keys) {
                calls.incrementAndGet();
            }

            @Override
            public void failed(String reason) {
                calls.incrementAndGet();
                failure.set(reason);
            }

            @Override
            public void closed(String reason) {
                calls.incrementAndGet();
            }
        };
        AtomicInteger sent = new AtomicInteger();
        DtlsServerSession server = new DtlsServerSession(HUB, VIEWER.fingerprint(), (b, o, l) -> {
            assertTrue(l > 0 && l <= DtlsSession.MTU, "datagram size " + l);
            sent.incrementAndGet();
        }, listener, task::add, QUICK);
        int i = 0;
        for (int count = 0; i + 2 <= data.length && count < 16; count++) {
            int len = (data[i] & 0xFF) << 8 | data[i + 1] & 0xFF;
            int end = Math.min(data.length, i + 2 + len);
            server.receive(data, i + 2, end - i - 2);
            i = end;
        }
        task.getFirst().run();
        assertTrue(server.isFinished());
        assertEquals(1, calls.get(), "exactly one outcome");
        String why = failure.get();
        assertTrue(why != null && !why.isBlank(), "a failure with a reason");
        server.close();
    }
}
