package dev.camgate.media.dtls;

import org.bouncycastle.tls.CipherSuite;

/** The cipher suites both session sides use: ECDHE with the ECDSA certificate, AES-GCM (Chromium's first). */
final class DtlsSuites {
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    };

    private DtlsSuites() {
    }
}
