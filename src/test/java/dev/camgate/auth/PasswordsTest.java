package dev.camgate.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void aHashVerifiesItsPasswordAndNothingElse() {
        String hash = Passwords.hash("correct horse".toCharArray());
        assertTrue(hash.matches("pbkdf2-sha256\\$310000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
        assertTrue(Passwords.verify(hash, "correct horse".toCharArray()));
        assertFalse(Passwords.verify(hash, "correct horsE".toCharArray()));
        assertNotEquals(hash, Passwords.hash("correct horse".toCharArray()), "salted: the same password hashes differently");
    }

    @Test
    void anythingThatIsNotSuchAHashNeverVerifies() {
        for (String stored : new String[] {null, "", "plain-text-password", "pbkdf2-sha256$x$y$z", "md5$1$abc$def",
                "pbkdf2-sha256$1000$!!!$???"}) {
            assertFalse(Passwords.verify(stored, "plain-text-password".toCharArray()), String.valueOf(stored));
        }
    }
}
