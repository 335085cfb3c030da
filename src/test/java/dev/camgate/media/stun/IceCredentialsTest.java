package dev.camgate.media.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IceCredentialsTest {
    @Test
    void randomCredentialsAreIceCharsOfTheChosenLengthsAndDiffer() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            IceCredentials c = IceCredentials.random(random);
            assertEquals(8, c.ufrag().length());
            assertEquals(24, c.pwd().length());
            assertTrue(c.ufrag().matches("[A-Za-z0-9+/]+") && c.pwd().matches("[A-Za-z0-9+/]+"), c.ufrag());
            assertTrue(seen.add(c.ufrag()));
        }
    }

    @Test
    void rfc8445LimitsAreEnforced() {
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abc", "a".repeat(22)));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "a".repeat(21)));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("ab:d", "a".repeat(22)));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "a".repeat(21) + "-"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("a".repeat(257), "a".repeat(22)));
        new IceCredentials("ab+/", "a".repeat(256));
    }

    @Test
    void thePasswordStaysOutOfToString() {
        IceCredentials c = new IceCredentials("abcd", "SECRETsecretSECRETsecret");
        assertFalse(c.toString().contains("SECRET"), c.toString());
        assertTrue(c.toString().contains("abcd"));
    }

    @Test
    void theTableFindsUfragsByTheirBytesAndForgetsRemovedOnes() {
        UfragTable<IceCredentials> table = new UfragTable<>();
        SecureRandom random = new SecureRandom();
        List<IceCredentials> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            IceCredentials c = IceCredentials.random(random);
            all.add(c);
            table.put(c.ufrag(), c);
        }
        assertEquals(300, table.size());
        for (IceCredentials c : all) {
            byte[] inside = ("xx" + c.ufrag() + ":remote").getBytes(StandardCharsets.US_ASCII);
            assertSame(c, table.get(inside, 2, 8));
            assertNull(table.get(inside, 2, 7));
            assertNull(table.get(inside, 2, 9));
        }
        for (int i = 0; i < 300; i += 2) {
            assertSame(all.get(i), table.remove(all.get(i).ufrag()));
        }
        assertEquals(150, table.size());
        for (int i = 0; i < 300; i++) {
            IceCredentials found = table.get(all.get(i).ufrag());
            if (i % 2 == 0) {
                assertNull(found);
            } else {
                assertSame(all.get(i), found);
            }
        }
        IceCredentials replacement = IceCredentials.random(random);
        table.put(all.get(1).ufrag(), replacement);
        assertSame(replacement, table.get(all.get(1).ufrag()));
        assertEquals(150, table.size());
        assertNotEquals(all.get(1), replacement);
        assertNull(table.remove("never"));
    }
}
