package dev.camgate.config;

/** HTTPS and WSS on the main port. */
public record TlsConfig(
        @Doc("PEM certificate chain (for example Let's Encrypt's fullchain.pem).") String cert,
        @Doc("PEM private key in PKCS#8 form (\"BEGIN PRIVATE KEY\"); convert others with `openssl pkcs8 -topk8 -nocrypt`.") String key,
        @Doc("Make (once, in the state directory) and use a self-signed certificate for LAN use; its fingerprint is printed at start.") Boolean selfSigned) {

    public TlsConfig {
        selfSigned = selfSigned != null && selfSigned;
        if ((cert == null) != (key == null)) {
            throw new BadSetting(cert == null ? "key" : "cert", "tls needs both 'cert' and 'key'");
        }
        if (cert != null && selfSigned) {
            throw new BadSetting("self_signed", "tls: choose either cert/key or self_signed, not both");
        }
    }

    public static TlsConfig off() {
        return new TlsConfig(null, null, false);
    }

    public boolean enabled() {
        return cert != null || selfSigned;
    }
}
