package dev.camgate.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/** The WebRTC viewer's side of the handshake, for tests and the load generator: what libwebrtc does as client. */
final class SrtpDtlsClient extends DefaultTlsClient {
    private final HubCertificate certificate;
    private final Fingerprint expected;
    private final DtlsSession.Settings settings;
    private final List<SrtpProfile> offered;
    private volatile String refusal;
    private volatile SrtpProfile profile;
    private volatile boolean serverVerified;
    private volatile SrtpKeys keys;

    SrtpDtlsClient(HubCertificate certificate, Fingerprint expected, DtlsSession.Settings settings, List<SrtpProfile> offered) {
        super(certificate.crypto());
        if (offered.isEmpty()) {
            throw new IllegalArgumentException("offer at least one SRTP profile");
        }
        this.certificate = certificate;
        this.expected = expected;
        this.settings = settings;
        this.offered = List.copyOf(offered);
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
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        int[] ids = offered.stream().mapToInt(SrtpProfile::id).toArray();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void processServerExtensions(@SuppressWarnings("rawtypes") Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1) {
            throw refuse("the server did not choose one SRTP profile", AlertDescription.illegal_parameter);
        }
        SrtpProfile p = SrtpProfile.byId(chosen.getProtectionProfiles()[0]);
        if (p == null || !offered.contains(p)) {
            throw refuse("the server chose an SRTP profile that was not offered", AlertDescription.illegal_parameter);
        }
        profile = p;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                Certificate chain = serverCertificate.getCertificate();
                if (chain == null || chain.isEmpty()) {
                    throw refuse("the server sent no certificate", AlertDescription.handshake_failure);
                }
                if (!expected.matches(chain.getCertificateAt(0).getEncoded())) {
                    throw refuse("the certificate does not match the SDP fingerprint", AlertDescription.bad_certificate);
                }
                serverVerified = true;
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return certificate.signer(context);
            }
        };
    }

    /** BouncyCastle exports keying material only from here, so the keys are made here and kept. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        if (!serverVerified || profile == null) {
            throw refuse("the handshake ended without a verified certificate and an SRTP profile",
                    AlertDescription.handshake_failure);
        }
        SrtpProfile p = profile;
        keys = SrtpKeys.split(p, context.exportKeyingMaterial(SrtpKeys.EXPORTER_LABEL, null, SrtpKeys.materialLength(p)));
    }

    /** The exported keys once the handshake is complete, else null. */
    SrtpKeys keys() {
        return keys;
    }
}
