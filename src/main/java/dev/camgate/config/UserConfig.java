package dev.camgate.config;

import java.util.List;
import java.util.Map;

/** A person who logs in with a name and password. */
public record UserConfig(
        String name,
        String passwordHash,
        Map<String, List<String>> rights) {

    public UserConfig {
        Rights.name("user", name);
        if (passwordHash == null) {
            throw new BadSetting("name", "user '" + name + "' needs a password_hash made by 'camgate hash-password' (never the password itself)");
        }
        try {
            PasswordHash.parse(passwordHash);
        } catch (IllegalArgumentException e) {
            throw new BadSetting("password_hash", "user '" + name + "': password_hash " + e.getMessage());
        }
        rights = Rights.check("user '" + name + "'", rights);
    }
}
