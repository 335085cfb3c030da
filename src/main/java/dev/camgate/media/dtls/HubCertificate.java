package dev.camgate.media.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.bc.BcX509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * camgate's DTLS identity, made once when the hub starts: an ECDSA P-256 key and a self-signed certificate
 * (CN=camgate, valid from a day ago for 30 days, random serial), as Chromium makes its own. Peers trust it only
 * through its {@link #fingerprint()} in camgate's SDP, so it needs no CA and is never stored. Immutable and
 * safe to share between sessions and threads; it also holds the BouncyCastle crypto (lightweight API, no JCE
 * provider) and the random source every session of the hub uses. A test client uses one of its own.
 */
public final class HubCertificate {
    static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final BcTlsCrypto crypto;
    private final AsymmetricKeyParameter privateKey;
    private final Certificate chain;
    private final byte[] der;
    private final Fingerprint fingerprint;

    private HubCertificate(BcTlsCrypto crypto, AsymmetricKeyParameter privateKey, byte[] der) {
        this.crypto = crypto;
        this.privateKey = privateKey;
        this.der = der;
        try {
            this.chain = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {crypto.createCertificate(der)});
        } catch (IOException e) {
            throw new UncheckedIOException("BouncyCastle refused the certificate it just made", e);
        }
        this.fingerprint = Fingerprint.of("sha-256", der);
    }

    /** A new key and certificate, valid from a day before now for 30 days after it. */
    public static HubCertificate generate() {
        return generate(new SecureRandom(), Instant.now());
    }

    public static HubCertificate generate(SecureRandom random, Instant now) {
        ECNamedDomainParameters p256 = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
                ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1));
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(p256, random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();

        X500Name name = new X500Name("CN=camgate");
        // Positive and never zero (RFC 5280 §4.1.2.2), 64 random bits as browsers use.
        BigInteger serial = new BigInteger(64, random).setBit(63);
        AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
        AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
        try {
            BcX509v3CertificateBuilder builder = new BcX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
            X509CertificateHolder holder = builder.build(new BcECContentSignerBuilder(signature, digest).build(pair.getPrivate()));
            return new HubCertificate(new BcTlsCrypto(random), pair.getPrivate(), holder.getEncoded());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("BouncyCastle has no SHA256withECDSA signer", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the certificate", e);
        }
    }

    /** The SHA-256 fingerprint for {@code a=fingerprint} in every SDP camgate writes. */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** The DER certificate (a copy). */
    public byte[] der() {
        return der.clone();
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    /** What signs this side's handshake (ServerKeyExchange, or the client's CertificateVerify). */
    TlsCredentialedSigner signer(TlsContext context) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey, chain, ECDSA_SHA256);
    }
}
