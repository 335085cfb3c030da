package dev.camgate.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The blog's page on /ws is let in by the same admission as an Ayame viewer on /signaling: here, the
 * address's registration rate, which /ws used to skip (a page could make camgate admit, and dial, as fast
 * as it could reconnect).
 */
class P2pAdmissionTest {
    static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0 blog\"}";

    @Test
    void callsOnWsCountTowardsTheAddressesRegistrationRate() {
        try (TestHub hub = TestHub.start("""
                limits: {registrations_per_second: 1}
                cameras:
                  - {id: porch, type: ayame, key: porch-camera-key-1}
                """)) {
            Map<String, String> bearer = Map.of("Authorization", "Bearer " + hub.hub().adminToken());
            List<String> reasons = new ArrayList<>();
            String throttled = null;
            // A burst of two a second: the third call within a second is throttled, unless each took a second.
            for (int i = 0; i < 10 && throttled == null; i++) {
                try (WsClient page = WsClient.connect(hub.port(), "/ws?camera=porch", bearer)) {
                    page.send(OFFER);
                    assertEquals("{\"type\":\"close\"}", page.nextText(), "the page hears close, as from Momo");
                    String reason = page.awaitClose().reason();
                    reasons.add(reason);
                    if (reason.startsWith("busy: too many registrations")) {
                        throttled = reason;
                    } else {
                        assertEquals("offline: camera 'porch' is not connected", reason);
                    }
                }
            }
            assertNotNull(throttled, "no /ws call was throttled: " + reasons);
            assertEquals("busy: too many registrations from your address; slow down", throttled);
            assertTrue(reasons.size() >= 3, "the burst is let through first: " + reasons);
            assertTrue(hub.hub().stats().rejectsByReason().getOrDefault("busy", 0L) >= 1, "counted as a reject like any other");
        }
    }
}
