package dev.camgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Refusals without a hub: the words clients have always read, and the kind code acts on. */
class RefusalTest {

    @Test
    void everyPrefixedKindWritesItsPrefixColonThenTheWords() {
        for (Refusal.Kind kind : Refusal.Kind.values()) {
            Refusal r = Refusal.of(kind, "camera 'x' is not connected");
            String expected = kind.prefix() == null ? "camera 'x' is not connected" : kind.prefix() + ": camera 'x' is not connected";
            assertEquals(expected, r.reason(), kind.name());
            assertEquals(kind, r.kind());
        }
    }

    @Test
    void thePrefixesAreTheOnesClientsKnow() {
        assertEquals("unauthorized", Refusal.Kind.UNAUTHORIZED.prefix());
        assertEquals("forbidden", Refusal.Kind.FORBIDDEN.prefix());
        assertEquals("key", Refusal.Kind.WRONG_KEY.prefix());
        assertEquals("offline", Refusal.Kind.NOT_CONNECTED.prefix());
        assertEquals("offline", Refusal.Kind.OFFLINE.prefix());
        assertEquals("busy", Refusal.Kind.IN_USE.prefix());
        assertEquals("busy", Refusal.Kind.BUSY.prefix());
        assertEquals("busy", Refusal.Kind.THROTTLED.prefix());
        assertEquals("invalid", Refusal.Kind.INVALID.prefix());
        assertEquals("full", Refusal.FULL.reason(), "Ayame's bare word");
    }

    @Test
    void wordsThatDoNotStartWithTheKindsPrefixAreAMistake() {
        assertThrows(IllegalArgumentException.class, () -> new Refusal(Refusal.Kind.OFFLINE, "busy: camera 'x' is in use"));
        assertThrows(IllegalArgumentException.class, () -> new Refusal(Refusal.Kind.WRONG_KEY, "keyless"));
        assertEquals("InternalServerError", new Refusal(Refusal.Kind.WEBHOOK, "InternalServerError").reason(),
                "a webhook's words pass as they are");
    }

    @Test
    void onlyCredentialKindsCountTowardsBackoff() {
        Set<Refusal.Kind> credential = EnumSet.noneOf(Refusal.Kind.class);
        for (Refusal.Kind kind : Refusal.Kind.values()) {
            if (Refusal.of(kind, "x").isCredentialFailure()) {
                credential.add(kind);
            }
        }
        assertEquals(EnumSet.of(Refusal.Kind.UNAUTHORIZED, Refusal.Kind.FORBIDDEN, Refusal.Kind.WRONG_KEY), credential);
        assertFalse(new Refusal(Refusal.Kind.WEBHOOK, "unauthorized: says the webhook").isCredentialFailure(),
                "the kind decides, not the words");
    }

    @Test
    void codesAreDistinctAndLowerCaseWithDashes() {
        Set<String> codes = new HashSet<>();
        for (Refusal.Kind kind : Refusal.Kind.values()) {
            assertTrue(kind.code().matches("[a-z]+(-[a-z]+)*"), kind.code());
            assertTrue(codes.add(kind.code()), "duplicate " + kind.code());
        }
        assertEquals("not-connected", Refusal.Kind.NOT_CONNECTED.code());
    }

    @Test
    void metricsLabelsKeepTheValuesDashboardsAlreadyCount() {
        Set<String> labels = new HashSet<>();
        for (Refusal.Kind kind : Refusal.Kind.values()) {
            labels.add(kind.label());
            if (kind.prefix() != null) {
                assertEquals(kind.prefix(), kind.label(), kind.name());
            }
        }
        assertEquals(Set.of("unauthorized", "forbidden", "key", "offline", "busy", "invalid", "full", "webhook", "other"), labels);
    }

    @Test
    void rejectKeepsAyamesFieldsAndAddsTheCode() {
        JsonNode reject = MessageParser.JSON.readTree(new String(
                Outbound.reject(Refusal.of(Refusal.Kind.NOT_CONNECTED, "camera 'x' is not connected")), StandardCharsets.UTF_8));
        assertEquals(List.of("type", "reason", "code"), List.copyOf(reject.propertyNames()));
        assertEquals("reject", reject.get("type").asString());
        assertEquals("offline: camera 'x' is not connected", reject.get("reason").asString());
        assertEquals("not-connected", reject.get("code").asString());
    }

    @Test
    void byeWithWordsCarriesTheCodeToo() {
        JsonNode bye = MessageParser.JSON.readTree(new String(
                Outbound.byeWithReason(Refusal.of(Refusal.Kind.ENDED, "The camera hung up.")), StandardCharsets.UTF_8));
        assertEquals(List.of("type", "reason", "code"), List.copyOf(bye.propertyNames()));
        assertEquals("The camera hung up.", bye.get("reason").asString());
        assertEquals("ended", bye.get("code").asString());
    }
}
