package dev.camgate.media.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.junit.jupiter.api.Test;

class HubCertificateTest {
    @Test
    void isASelfSignedP256CertificateForCamgateValidForAMonth() throws Exception {
        Instant now = Instant.parse("2026-05-01T12:00:00Z");
        HubCertificate hub = HubCertificate.generate(new SecureRandom(), now);
        X509CertificateHolder cert = new X509CertificateHolder(hub.der());
        assertEquals("CN=camgate", cert.getSubject().toString());
        assertEquals(cert.getSubject(), cert.getIssuer());
        assertEquals(now.minus(Duration.ofDays(1)), cert.getNotBefore().toInstant());
        assertEquals(now.plus(Duration.ofDays(30)), cert.getNotAfter().toInstant());
        assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256, cert.getSignatureAlgorithm().getAlgorithm());
        assertEquals(SECObjectIdentifiers.secp256r1,
                cert.getSubjectPublicKeyInfo().getAlgorithm().getParameters().toASN1Primitive());
        assertTrue(cert.getSerialNumber().signum() > 0);
        assertTrue(cert.isSignatureValid(new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                .build(cert)), "self-signed with its own key");
        assertEquals(Fingerprint.of("sha-256", hub.der()), hub.fingerprint());
    }

    @Test
    void eachHubGetsItsOwnKeyAndSerial() throws Exception {
        HubCertificate a = HubCertificate.generate();
        HubCertificate b = HubCertificate.generate();
        assertNotEquals(a.fingerprint(), b.fingerprint());
        assertNotEquals(new X509CertificateHolder(a.der()).getSerialNumber(), new X509CertificateHolder(b.der()).getSerialNumber());
    }
}
