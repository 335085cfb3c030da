package dev.camgate.media.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The SDP texts under src/test/resources/dev/camgate/media/sdp/ and a hub transport to answer them with. */
final class Fixtures {
    static final String HUB_FINGERPRINT = "sha-256 CC:C9:35:F6:CD:1F:61:22:6A:E1:53:38:AE:1A:34:00:4D:33:BA:0D:24:6A:C0:4C:81:B1:BA:F2:3E:3B:F9:EE";

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String name) throws SdpException {
        return SessionDescription.parse(text(name));
    }

    static HubTransport hub() {
        try {
            return new HubTransport("cgH7", "q8Zr3vT6yB1nM4kW9pL2sD5f", HUB_FINGERPRINT, List.of(
                    Candidate.host("1", InetAddress.getByName("192.168.1.10"), 8443, 65535),
                    Candidate.host("2", InetAddress.getByName("2001:db8::10"), 8443, 65534)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
