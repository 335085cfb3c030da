package dev.camgate.config;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A token for a program or a wall screen; only its hash is in the file. */
public record TokenConfig(
        String name,
        String tokenHash,
        Map<String, List<String>> rights) {

    public TokenConfig {
        Rights.name("token", name);
        if (tokenHash == null) {
            throw new BadSetting("name", "token '" + name + "' needs a token_hash made by 'camgate new-token' (sha256$...)");
        }
        if (!canonical(tokenHash)) {
            throw new BadSetting("token_hash", "token '" + name + "': token_hash must be 'sha256$' and the 43 characters"
                    + " 'camgate new-token' prints (never the token itself)");
        }
        rights = Rights.check("token '" + name + "'", rights);
    }

    /** Only the form Tokens.hash writes: any other spelling of the same bytes would never match a token. */
    private static boolean canonical(String hash) {
        if (!hash.matches("sha256\\$[A-Za-z0-9_-]{43}")) {
            return false;
        }
        byte[] bytes = Base64.getUrlDecoder().decode(hash.substring(7));
        return bytes.length == 32 && Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(hash.substring(7));
    }
}
