package dev.camgate.media.dtls;

import java.io.IOException;
import java.util.concurrent.Executor;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * camgate's end of DTLS-SRTP with one remote peer: camgate is always the DTLS server (it answers
 * {@code a=setup:passive} and offers {@code actpass}, which libwebrtc answers {@code active}). The client must
 * present a certificate whose hash is the fingerprint from its SDP. See {@link DtlsSession} for the threads.
 */
public final class DtlsServerSession extends DtlsSession {
    private final SrtpDtlsServer server;

    public DtlsServerSession(HubCertificate certificate, Fingerprint expected, DatagramSender sender, Listener listener,
            Executor executor) {
        this(certificate, expected, sender, listener, executor, Settings.DEFAULTS);
    }

    public DtlsServerSession(HubCertificate certificate, Fingerprint expected, DatagramSender sender, Listener listener,
            Executor executor, Settings settings) {
        super(sender, listener, executor, settings);
        this.server = new SrtpDtlsServer(certificate, expected, settings);
        start();
    }

    @Override
    DTLSTransport handshake(DatagramTransport transport) throws IOException {
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        // No HelloVerifyRequest cookie: ICE already proved the peer answers at this address (RFC 8445 §7.2.5.2.1),
        // and the cookie would cost a round trip on every connect.
        protocol.setVerifyRequests(false);
        return protocol.accept(server, transport);
    }

    @Override
    SrtpKeys exportKeys() throws IOException {
        SrtpKeys keys = server.keys();
        if (keys == null) {
            throw new IOException("the handshake ended without SRTP keys");
        }
        return keys;
    }

    @Override
    String refusal() {
        return server.refusal();
    }
}
