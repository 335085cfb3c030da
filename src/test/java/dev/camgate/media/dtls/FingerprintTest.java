package dev.camgate.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    /** The SHA-256 of "abc" (FIPS 180-2 appendix B.1), as a stand-in certificate. */
    static final String ABC_SHA256 = "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

    @Test
    void hashesWithTheNamedFunctionAndWritesUpperCaseColonHex() {
        Fingerprint f = Fingerprint.of("sha-256", "abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("sha-256 " + ABC_SHA256, f.sdpValue());
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d",
                HexFormat.of().formatHex(Fingerprint.of("sha-1", "abc".getBytes(StandardCharsets.US_ASCII)).hash()));
        assertTrue(f.matches("abc".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(f.matches("abd".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void parsesWhatBrowsersWriteInAnyCase() throws Exception {
        Fingerprint f = Fingerprint.parse("sha-256 " + ABC_SHA256);
        assertEquals("sha-256", f.algorithm());
        assertEquals(f, Fingerprint.parse("SHA-256 " + ABC_SHA256.toLowerCase()));
        assertEquals(f.sdpValue(), Fingerprint.parse(f.sdpValue()).sdpValue());
        for (String[] c : new String[][] {{"sha-1", "20"}, {"sha-224", "28"}, {"sha-384", "48"}, {"sha-512", "64"}}) {
            int n = Integer.parseInt(c[1]);
            String hex = String.join(":", java.util.Collections.nCopies(n, "0a"));
            Fingerprint g = Fingerprint.parse(c[0] + " " + hex);
            assertEquals(n, g.hash().length, c[0]);
            assertEquals(c[0], g.algorithm());
        }
    }

    @Test
    void refusesAnythingElseWithAClearMessage() {
        String ok = ABC_SHA256;
        assertRefused(null, "empty");
        assertRefused("", "empty");
        assertRefused("sha-256" + ok, "space");
        assertRefused("md5 " + ok, "unsupported fingerprint hash: 'md5'");
        assertRefused("sha-256 " + ok.substring(3), "needs 32 colon-separated hex pairs");
        assertRefused("sha-256 " + ok + ":00", "needs 32");
        assertRefused("sha-256 " + ok.replace(':', '-'), "expected ':'");
        assertRefused("sha-256 " + "G" + ok.substring(1), "not a hex pair");
        assertRefused("sha-256 " + "\u0660" + ok.substring(1), "not a hex pair"); // an Arabic-Indic digit
        assertRefused("sha-256  " + ok, "needs 32");
        assertRefused("sha-256 " + ok + " ", "needs 32");
        assertRefused("sha-256 " + "A".repeat(5000), "longer than");
    }

    @Test
    void theHashIsCopiedInAndOut() {
        byte[] h = new byte[20];
        Fingerprint f = new Fingerprint("sha-1", h);
        h[0] = 1;
        f.hash()[1] = 1;
        assertArrayEquals(new byte[20], f.hash());
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint("sha-256", h));
    }

    private static void assertRefused(String value, String messagePart) {
        FingerprintException e = assertThrows(FingerprintException.class, () -> Fingerprint.parse(value));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
