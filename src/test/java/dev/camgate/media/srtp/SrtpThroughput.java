package dev.camgate.media.srtp;

import dev.camgate.media.dtls.SrtpKeys;
import dev.camgate.media.dtls.SrtpProfile;

/**
 * Prints SRTP protect and unprotect rates for 1200-byte packets, one thread, each profile. Not a test: nothing
 * is asserted about speed. Run: {@code java -cp target/classes:target/test-classes:$(deps) dev.camgate.media.srtp.SrtpThroughput [java]};
 * with {@code java} it makes jitsi-srtp use the JDK's AES (SunJCE) instead of OpenSSL (HMAC stays as loaded).
 */
public final class SrtpThroughput {
    private SrtpThroughput() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("java")) {
            org.jitsi.srtp.crypto.Aes.setFactoryClassName("org.jitsi.srtp.crypto.Aes$SunJCECipherFactory");
        }
        long t0 = System.nanoTime();
        boolean nat = SrtpSession.warmUp();
        System.out.printf("warm-up %.1f s, native library loaded: %s, AES: %s%n", (System.nanoTime() - t0) / 1e9, nat,
                args.length > 0 ? args[0] : "fastest (benchmark)");
        for (SrtpProfile p : SrtpProfile.values()) {
            SrtpKeys keys = SrtpSessionTest.keys(p, 42);
            SrtpSession client = SrtpSession.forClient(keys);
            SrtpSession server = SrtpSession.forServer(keys);
            byte[] plain = SrtpSessionTest.rtp(0x1234, 0, 1200 - 12);
            byte[] buf = new byte[plain.length + SrtpSession.MAX_OVERHEAD];
            int seq = 0;
            for (int round = 0; round < 3; round++) {
                int count = 300_000;
                long protectNanos = 0;
                long unprotectNanos = 0;
                for (int i = 0; i < count; i++) {
                    System.arraycopy(plain, 0, buf, 0, plain.length);
                    seq++;
                    buf[2] = (byte) (seq >> 8);
                    buf[3] = (byte) seq;
                    long a = System.nanoTime();
                    int n = client.protectRtp(buf, 0, plain.length);
                    long b = System.nanoTime();
                    if (server.unprotectRtp(buf, 0, n) != plain.length) {
                        throw new IllegalStateException("round trip failed at " + i);
                    }
                    long c = System.nanoTime();
                    protectNanos += b - a;
                    unprotectNanos += c - b;
                }
                System.out.printf("%-24s protect %,9.0f packets/s (%.1f Gbit/s)   unprotect %,9.0f packets/s%n", p,
                        count / (protectNanos / 1e9), count * 1200L * 8 / (protectNanos / 1e9) / 1e9,
                        count / (unprotectNanos / 1e9));
            }
        }
    }
}
