package dev.camgate.tls;

import dev.camgate.auth.StateDir;
import dev.camgate.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The certificate camgate serves https and wss with: the user's PEM files, or one it made itself for the
 * LAN (kept in the state directory, so browsers that were told to trust it keep trusting it).
 */
public record Tls(SslContext context, X509Certificate certificate, Path certificateFile) {

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static Tls load(TlsConfig config, StateDir state) {
        if (config.selfSigned()) {
            return selfSigned(state);
        }
        File cert = new File(config.cert());
        File key = new File(config.key());
        for (File f : new File[] {cert, key}) {
            if (!f.canRead()) {
                throw new IllegalArgumentException("tls: cannot read " + f + (f.exists() ? " (permissions?)" : " (no such file)"));
            }
        }
        X509Certificate leaf;
        try (InputStream in = Files.newInputStream(cert.toPath())) {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificates(in).iterator().next();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("tls.cert " + cert + " holds no PEM certificate: " + e.getMessage());
        }
        try {
            return new Tls(SslContextBuilder.forServer(cert, key).build(), leaf, cert.toPath());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("tls.key " + key + " cannot be used with " + cert + ": " + e.getMessage()
                    + " (the key must be unencrypted PKCS#8, \"BEGIN PRIVATE KEY\"; convert with"
                    + " openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem)");
        }
    }

    private static Tls selfSigned(StateDir state) {
        Path store = state.privateDir("tls").resolve("camgate.p12");
        char[] pass = SelfSigned.PASSWORD.toCharArray();
        try {
            if (!Files.exists(store)) {
                SelfSigned.create(store);
            }
            StateDir.makePrivate(store); // keytool writes with the umask; older camgates left it so
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, pass);
            }
            PrivateKey key = (PrivateKey) ks.getKey(SelfSigned.ALIAS, pass);
            X509Certificate cert = (X509Certificate) ks.getCertificate(SelfSigned.ALIAS);
            Path pem = state.resolve("tls/camgate.crt");
            if (!Files.exists(pem)) {
                Files.writeString(pem, SelfSigned.pem(cert));
            }
            return new Tls(SslContextBuilder.forServer(key, cert).build(), cert, pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls.self_signed: cannot make or read " + store + ": " + e.getMessage());
        }
    }

    /** SHA-256 of the certificate, as browsers show it (AB:CD:...). */
    public String fingerprint() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest(encoded()));
    }

    /** base64 SHA-256 of the public key: what Chromium's --ignore-certificate-errors-spki-list takes. */
    public String spkiHash() {
        return java.util.Base64.getEncoder().encodeToString(digest(certificate.getPublicKey().getEncoded()));
    }

    private byte[] encoded() {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
