package dev.camgate.tls;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Makes a self-signed certificate with the JDK's own keytool (the JDK has no public API for it, and a
 * crypto library would add megabytes to the jar for one start-up task). It names localhost, this host's
 * name and its LAN addresses, so a phone on the LAN can use it once told to trust it.
 */
final class SelfSigned {
    static final String ALIAS = "camgate";
    /** Protects nothing (the file is mode 600 in a private directory); PKCS12 needs one. */
    static final String PASSWORD = "camgate";

    private SelfSigned() {
    }

    static void create(Path store) throws IOException {
        Files.createDirectories(store.getParent());
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path tmp = store.resolveSibling("camgate.p12.new");
        Files.deleteIfExists(tmp);
        List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=camgate on " + hostname(), "-validity", "825",
                "-ext", "SAN=" + String.join(",", names()), "-ext", "EKU=serverAuth",
                "-keystore", tmp.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a certificate");
        }
        dev.camgate.auth.StateDir.makePrivate(tmp);
        Files.move(tmp, store, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names() {
        Set<String> names = new LinkedHashSet<>(List.of("dns:localhost", "ip:127.0.0.1", "ip:0:0:0:0:0:0:0:1"));
        String host = hostname();
        if (host.matches("[A-Za-z0-9.-]+")) {
            names.add("dns:" + host);
            if (!host.contains(".")) {
                names.add("dns:" + host + ".local"); // mDNS, as on a Raspberry Pi
            }
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp() && !nif.isLoopback()) {
                    for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                        if (a instanceof Inet4Address) {
                            names.add("ip:" + a.getHostAddress());
                        }
                    }
                }
            }
        } catch (IOException e) {
            // localhost alone still works
        }
        return new ArrayList<>(names);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
