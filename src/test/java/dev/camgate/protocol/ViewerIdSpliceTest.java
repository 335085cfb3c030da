package dev.camgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The browser camera's viewer path adds the hub's viewer id to each relayed frame. Where the frame cannot
 * already name one, the id is spliced into the bytes instead of parsing the frame a second time.
 */
class ViewerIdSpliceTest {
    static String splice(String frame) {
        byte[] out = Outbound.spliceViewerId(frame.getBytes(StandardCharsets.UTF_8), "v1");
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void theIdGoesRightAfterTheOpeningBrace() {
        assertEquals("{\"viewerId\":\"v1\",\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}", splice("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}"));
        assertEquals(" \n{\"viewerId\":\"v1\", \"type\":\"offer\"}", splice(" \n{ \"type\":\"offer\"}"));
    }

    @Test
    void aFrameThatMightNameAViewerIdItselfIsReencodedInstead() throws Exception {
        assertNull(splice("{\"type\":\"answer\",\"viewerId\":\"forged\",\"sdp\":\"x\"}"));
        assertNull(splice("{\"type\":\"answer\",\"viewer\\u0049d\":\"forged\",\"sdp\":\"x\"}"), "an escape may spell the name");
        Inbound.Relay forged = (Inbound.Relay) MessageParser.parse(
                "{\"type\":\"answer\",\"sdp\":\"v=0\",\"viewerId\":\"forged\"}".getBytes(StandardCharsets.UTF_8));
        String out = new String(Outbound.withViewerId(forged, "v1"), StandardCharsets.UTF_8);
        assertEquals(1, out.split("viewerId", -1).length - 1, "one viewerId, the hub's: " + out);
        assertEquals("v1", MessageParser.JSON.readTree(out).get("viewerId").asString());
    }
}
