package dev.camgate.config;

import java.util.List;
import java.util.Map;

/** A token for a program or a wall screen; only its hash is in the file. */
public record TokenConfig(
        String name,
        String tokenHash,
        Map<String, List<String>> rights) {

    public TokenConfig {
        Rights.name("token", name);
        if (tokenHash == null || !tokenHash.matches("sha256\\$[A-Za-z0-9_-]{43}")) {
            throw new IllegalArgumentException("token '" + name + "' needs a token_hash made by 'camgate new-token' (sha256$...)");
        }
        rights = Rights.check("token '" + name + "'", rights);
    }
}
