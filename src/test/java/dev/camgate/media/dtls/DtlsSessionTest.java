package dev.camgate.media.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.dtls.Peers.Outcome;
import dev.camgate.media.dtls.Peers.Pair;
import dev.camgate.media.dtls.Peers.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DtlsSessionTest {
    static HubCertificate hub;
    static HubCertificate viewer;
    /** Fast retransmission so the lossy tests take fractions of a second, not the default doubling from 1 s. */
    static final DtlsSession.Settings FAST = new DtlsSession.Settings(Duration.ofSeconds(10), Duration.ofMillis(50), 64);

    final List<Pair> pairs = new ArrayList<>();

    @BeforeAll
    static void certificates() {
        hub = HubCertificate.generate();
        viewer = HubCertificate.generate();
    }

    @AfterEach
    void closeAll() {
        pairs.forEach(Pair::close);
    }

    private Pair pair(List<SrtpProfile> offer, Peers.Fate toServer, Peers.Fate toClient) {
        Pair p = Pair.honest(hub, viewer, FAST, offer, toServer, toClient);
        pairs.add(p);
        return p;
    }

    @Test
    void bothSidesExportTheSameKeysAndTheServerPrefersGcm() throws Exception {
        Pair p = pair(DtlsClientSession.BROWSER_OFFER, Peers.RELIABLE, Peers.RELIABLE);
        SrtpKeys server = p.serverOutcome.keys();
        SrtpKeys client = p.clientOutcome.keys();
        assertEquals(server, client);
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, server.profile());
        assertNotEquals(java.util.Arrays.toString(server.clientKey()), java.util.Arrays.toString(server.serverKey()));
        assertTrue(p.server.isConnected());
        assertTrue(p.toClient.sent.stream().allMatch(d -> d.length <= DtlsSession.MTU), "no datagram above the MTU");
        assertFalse(server.toString().contains(java.util.HexFormat.of().formatHex(server.clientKey())), "toString shows no key");
    }

    @Test
    void aClientOfferingOnlyCm80GetsCm80() throws Exception {
        Pair p = pair(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80), Peers.RELIABLE, Peers.RELIABLE);
        SrtpKeys keys = p.serverOutcome.keys();
        assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_80, keys.profile());
        assertEquals(14, keys.clientSalt().length);
        assertEquals(keys, p.clientOutcome.keys());
    }

    @Test
    void lostAndReorderedDatagramsAreRetransmitted() throws Exception {
        // Drop the first copy of each of the first flights, and swap some later datagrams, both ways.
        Peers.Fate lossy = (n, d) -> n < 6 && n % 2 == 0 ? 1 : n % 3 == 1 ? 2 : 0;
        Pair p = pair(DtlsClientSession.BROWSER_OFFER, lossy, lossy);
        assertEquals(p.serverOutcome.keys(), p.clientOutcome.keys());
        assertTrue(p.toServer.sent.size() > 3 && p.toClient.sent.size() > 3);
    }

    @Test
    void theServersLastFlightLostIsResentWhenTheClientRepeatsItsOwn() throws Exception {
        // The server's ChangeCipherSpec and its Finished (the first epoch-1 record) are lost once. The server is
        // connected by then, the client is not: only a server that keeps reading answers the client's resend.
        java.util.concurrent.atomic.AtomicInteger ccs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        Peers.Fate loseFinalFlightOnce = (n, d) -> {
            if (d[0] == 20 && ccs.getAndIncrement() == 0) {
                return 1;
            }
            boolean epoch1Handshake = d[0] == 22 && d[3] == 0 && d[4] == 1;
            return epoch1Handshake && finished.getAndIncrement() == 0 ? 1 : 0;
        };
        Pair p = pair(DtlsClientSession.BROWSER_OFFER, Peers.RELIABLE, loseFinalFlightOnce);
        assertEquals(p.serverOutcome.keys(), p.clientOutcome.keys());
        assertTrue(ccs.get() >= 2 && finished.get() >= 2, "the final flight went out twice");
    }

    @Test
    void aCertificateThatIsNotTheSdpFingerprintFailsTheHandshake() throws Exception {
        HubCertificate stranger = HubCertificate.generate();
        Pair p = new Pair(hub, viewer, stranger.fingerprint(), hub.fingerprint(), FAST, DtlsClientSession.BROWSER_OFFER,
                Peers.RELIABLE, Peers.RELIABLE);
        pairs.add(p);
        assertEquals("the certificate does not match the SDP fingerprint", p.serverOutcome.failure());
        assertTrue(p.clientOutcome.failure().contains("bad_certificate"), "the client hears why");
        assertFalse(p.serverOutcome.connected.isDone());
        assertTrue(p.threads.allEnd(10), "both threads end after a failure");
        assertEquals(1, p.serverOutcome.calls.get());
    }

    @Test
    void theClientChecksTheServersFingerprintToo() throws Exception {
        HubCertificate stranger = HubCertificate.generate();
        Pair p = new Pair(hub, viewer, viewer.fingerprint(), stranger.fingerprint(), FAST, DtlsClientSession.BROWSER_OFFER,
                Peers.RELIABLE, Peers.RELIABLE);
        pairs.add(p);
        assertEquals("the certificate does not match the SDP fingerprint", p.clientOutcome.failure());
        assertTrue(p.serverOutcome.failure().contains("bad_certificate"), p.serverOutcome.failure());
    }

    @Test
    void aFingerprintWithAnotherHashIsCheckedWithThatHash() throws Exception {
        Fingerprint sha1 = Fingerprint.of("sha-1", viewer.der());
        Pair p = new Pair(hub, viewer, sha1, hub.fingerprint(), FAST, DtlsClientSession.BROWSER_OFFER,
                Peers.RELIABLE, Peers.RELIABLE);
        pairs.add(p);
        assertEquals(p.serverOutcome.keys(), p.clientOutcome.keys());
    }

    @Test
    void aSilentPeerTimesOut() throws Exception {
        Outcome outcome = new Outcome();
        Threads threads = new Threads();
        DtlsSession.Settings quick = new DtlsSession.Settings(Duration.ofMillis(300), Duration.ofMillis(50), 64);
        try (DtlsServerSession server = new DtlsServerSession(hub, viewer.fingerprint(), (b, o, l) -> { }, outcome, threads, quick)) {
            assertEquals("the DTLS handshake timed out after 300 ms", outcome.failure());
            assertTrue(threads.allEnd(10));
            assertTrue(server.isFinished());
        }
    }

    @Test
    void aClientWhoseServerIsSilentTimesOutAfterResending() throws Exception {
        Outcome outcome = new Outcome();
        Threads threads = new Threads();
        List<byte[]> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        DtlsSession.Settings quick = new DtlsSession.Settings(Duration.ofMillis(400), Duration.ofMillis(50), 64);
        try (DtlsClientSession client = new DtlsClientSession(viewer, hub.fingerprint(),
                (b, o, l) -> sent.add(java.util.Arrays.copyOfRange(b, o, o + l)), outcome, threads, quick,
                DtlsClientSession.BROWSER_OFFER)) {
            assertTrue(outcome.failure().contains("timed out"));
            assertTrue(sent.size() >= 2, "the ClientHello was resent: " + sent.size());
            assertEquals(22, sent.get(0)[0], "a handshake record");
        }
    }

    @Test
    void closeDuringTheHandshakeEndsTheThreadWithoutACallback() throws Exception {
        Outcome outcome = new Outcome();
        Threads threads = new Threads();
        DtlsServerSession server = new DtlsServerSession(hub, viewer.fingerprint(), (b, o, l) -> { }, outcome, threads);
        server.close();
        assertTrue(threads.allEnd(10), "the handshake thread ends at once, not after 10 s");
        assertTrue(server.isFinished());
        assertEquals(0, outcome.calls.get());
        server.receive(new byte[] {22, 1, 2}, 0, 3); // ignored, no error
    }

    @Test
    void closeAfterConnectingSendsCloseNotifyAndEndsBothThreads() throws Exception {
        Pair p = pair(DtlsClientSession.BROWSER_OFFER, Peers.RELIABLE, Peers.RELIABLE);
        p.serverOutcome.keys();
        p.clientOutcome.keys();
        assertFalse(p.server.isFinished(), "the server keeps reading after the handshake");
        p.server.close();
        assertEquals("the peer closed the DTLS association", p.clientOutcome.closed.get(10, TimeUnit.SECONDS));
        p.client.close();
        assertTrue(p.threads.allEnd(10));
        assertFalse(p.serverOutcome.closed.isDone(), "no callback after close()");
        assertEquals(1, p.serverOutcome.calls.get());
    }

    @Test
    void receiveNeverBlocksAndDropsTheOldestWhenFull() {
        List<Runnable> never = new ArrayList<>();
        DtlsServerSession server = new DtlsServerSession(hub, viewer.fingerprint(), (b, o, l) -> { }, new Outcome(),
                never::add, new DtlsSession.Settings(Duration.ofSeconds(10), Duration.ofSeconds(1), 8));
        byte[] d = new byte[100];
        for (int i = 0; i < 20; i++) {
            server.receive(d, 0, d.length);
        }
        assertEquals(12, server.droppedDatagrams());
        server.receive(new byte[2000], 0, 2000);
        server.receive(d, 0, 0);
        assertEquals(14, server.droppedDatagrams(), "empty and oversized datagrams are dropped too");
        server.close();
        assertEquals(1, never.size());
        never.getFirst().run(); // the task, started late, sees the session closed and ends
        assertTrue(server.isFinished());
    }
}
