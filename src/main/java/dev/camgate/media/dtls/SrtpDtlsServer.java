package dev.camgate.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * camgate's side of the handshake for BouncyCastle: DTLS 1.2, ECDHE-ECDSA with AES-GCM, use_srtp, and a client
 * certificate that must hash to the fingerprint in the peer's SDP.
 */
final class SrtpDtlsServer extends DefaultTlsServer {
    private final HubCertificate certificate;
    private final Fingerprint expected;
    private final DtlsSession.Settings settings;
    private volatile String refusal;
    private volatile SrtpProfile profile;
    private volatile boolean clientVerified;
    private volatile SrtpKeys keys;

    SrtpDtlsServer(HubCertificate certificate, Fingerprint expected, DtlsSession.Settings settings) {
        super(certificate.crypto());
        this.certificate = certificate;
        this.expected = expected;
        this.settings = settings;
    }

    String refusal() {
        return refusal;
    }

    private TlsFatalAlert refuse(String why, short alert) {
        refusal = why;
        return new TlsFatalAlert(alert, why);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSuites.CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return (int) settings.handshakeTimeout().toMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return (int) settings.initialResend().toMillis();
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return certificate.signer(context);
    }

    @Override
    public void processClientExtensions(@SuppressWarnings("rawtypes") Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw refuse("the client did not offer use_srtp", AlertDescription.handshake_failure);
        }
        profile = SrtpProfile.choose(offered.getProtectionProfiles());
        if (profile == null) {
            throw refuse("the client offered no SRTP profile camgate supports", AlertDescription.handshake_failure);
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // No MKI: libwebrtc sends none and RFC 5764 §4.1.1 lets the server answer with an empty one.
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {profile.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        // RSA too: some older libwebrtc builds still make RSA certificates; the hash decides, not the key type.
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw refuse("the client sent no certificate", AlertDescription.handshake_failure);
        }
        if (!expected.matches(clientCertificate.getCertificateAt(0).getEncoded())) {
            throw refuse("the certificate does not match the SDP fingerprint", AlertDescription.bad_certificate);
        }
        clientVerified = true;
    }

    /** BouncyCastle exports keying material only from here, so the keys are made here and kept. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        if (!clientVerified) {
            // BouncyCastle should never finish without the certificate it was told to require; be sure.
            throw refuse("the client sent no certificate", AlertDescription.handshake_failure);
        }
        SrtpProfile p = profile;
        keys = SrtpKeys.split(p, context.exportKeyingMaterial(SrtpKeys.EXPORTER_LABEL, null, SrtpKeys.materialLength(p)));
    }

    /** The exported keys once the handshake is complete, else null. */
    SrtpKeys keys() {
        return keys;
    }
}
