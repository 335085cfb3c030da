package dev.camgate.media.dtls;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The DTLS client end, as a browser is to camgate: for tests and for a load generator that plays many WebRTC
 * viewers. It offers use_srtp, presents its own certificate and checks the server's against the fingerprint
 * from the server's SDP. The same threads and listener as {@link DtlsServerSession}.
 */
public final class DtlsClientSession extends DtlsSession {
    /** What Chromium offers, in its order. */
    public static final List<SrtpProfile> BROWSER_OFFER = List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);

    private final SrtpDtlsClient client;

    public DtlsClientSession(HubCertificate own, Fingerprint expected, DatagramSender sender, Listener listener,
            Executor executor) {
        this(own, expected, sender, listener, executor, Settings.DEFAULTS, BROWSER_OFFER);
    }

    public DtlsClientSession(HubCertificate own, Fingerprint expected, DatagramSender sender, Listener listener,
            Executor executor, Settings settings, List<SrtpProfile> offered) {
        super(sender, listener, executor, settings);
        this.client = new SrtpDtlsClient(own, expected, settings, offered);
        start();
    }

    @Override
    DTLSTransport handshake(DatagramTransport transport) throws IOException {
        return new DTLSClientProtocol().connect(client, transport);
    }

    @Override
    SrtpKeys exportKeys() throws IOException {
        SrtpKeys keys = client.keys();
        if (keys == null) {
            throw new IOException("the handshake ended without SRTP keys");
        }
        return keys;
    }

    @Override
    String refusal() {
        return client.refusal();
    }
}
