package dev.camgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Findings of the security review: each way a hostile or mistaken file could weaken camgate without a word. */
class StrictConfigTest {
    private static final Duration FAST = Duration.ofSeconds(2);

    static String problem(String yaml) {
        String message = assertThrows(ConfigException.class, () -> ConfigTest.parse(yaml)).getMessage();
        assertTrue(message.startsWith("camgate.yaml:"), "names the file and line: " + message);
        assertEquals(1, message.lines().count(), "one line: " + message);
        return message;
    }

    static void assertProblem(String yaml, String expected) {
        String message = problem(yaml);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    @Test
    void aPastedAuthNoneBelowTheAuthBlockIsRefusedAtItsLine() {
        assertProblem("""
                auth:
                  tokens:
                    - name: wall
                      token_hash: sha256$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
                      rights: {"*": [view]}
                port: 8080
                auth: none
                """, "camgate.yaml:7:");
        assertProblem("port: 1\nauth: none\nauth: on\n", "'auth' is set twice");
    }

    @Test
    void duplicateKeysAreRefusedAtEveryLevel() {
        assertProblem("cameras:\n  - id: a\n    type: ayame\n    key: 12345678\n    key: 87654321\n", "camgate.yaml:5:");
        assertProblem("auth:\n  tokens:\n    - name: t\n      token_hash: sha256$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                + "      rights: {porch: [view], porch: [admin]}\n", "'porch' is set twice");
        assertProblem("web:\n  base_path: /a\n  base_path: /b\n", "camgate.yaml:3:");
    }

    @Test
    void anEightMebibyteOneLineCommentIsRefusedAtOnceNamingTheLimit() {
        String yaml = "port: 1\n# " + "x".repeat(8 * 1024 * 1024) + "\n";
        String message = assertTimeoutPreemptively(FAST, () -> problem(yaml));
        assertTrue(message.contains("1 MiB"), message);
    }

    @Test
    void aLongLineIsRefusedBeforeYamlSeesIt() {
        String yaml = "port: 1\n# " + "x".repeat(100_000) + "\n";
        String message = assertTimeoutPreemptively(FAST, () -> problem(yaml));
        assertTrue(message.startsWith("camgate.yaml:2: line 2 is longer than 8192 characters"), message);
    }

    @Test
    void aFileOverOneMebibyteIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, ("# a comment of a sane length\n").repeat(40_000));
        String message = assertThrows(ConfigException.class, () -> ConfigLoader.load(file)).getMessage();
        assertTrue(message.startsWith(file + ": the file is 1160000 bytes; a camgate config may be at most 1 MiB"), message);
    }

    @Test
    void aliasBombsAndAnchorsAreRefusedQuickly() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            String prev = "*a" + (i - 1);
            bomb.append("a").append(i).append(": &a").append(i).append(" [").append((prev + ", ").repeat(9)).append(prev).append("]\n");
        }
        String message = assertTimeoutPreemptively(FAST, () -> problem(bomb.toString()));
        assertTrue(message.contains("anchors and aliases"), message);
        assertProblem("ice_servers: &s [{urls: 'stun:x'}]\ncameras: []\nx: *s\n", "camgate.yaml:1:");
    }

    @Test
    void deepNestingIsRefusedQuicklyNamingTheLimit() {
        String message = assertTimeoutPreemptively(FAST, () -> problem("x: " + "[".repeat(5000)));
        assertTrue(message.contains("nested deeper than 24 levels"), message);
        String blocks = assertTimeoutPreemptively(FAST, () -> problem("x: " + "{a: ".repeat(1000)));
        assertTrue(blocks.contains("nested deeper than"), blocks);
    }

    @Test
    void aSecondDocumentIsRefusedNotDropped() {
        assertProblem("port: 1\n---\nauth: none\n", "camgate.yaml:3: a second YAML document");
    }

    @Test
    void yamlSyntaxErrorsKeepTheParsersProblemAndPlace() {
        assertProblem("auth:\n\tmode: none\n", "camgate.yaml:2:1: not valid YAML: found character '\\t(TAB)' that cannot start any token");
        assertProblem("port: [1\n", "expected ',' or ']'");
        String message = problem("listen: 'unterminated\n");
        assertFalse(message.contains(" in reader"), message);
    }

    @Test
    void aBadTrustedProxyIsRefusedByTheConfigNotAtStart() {
        assertProblem("web:\n  trusted_proxies:\n    - 10.0.0.1\n    - 10.0.0.0/abc\n",
                "camgate.yaml:4:7: web: trusted proxy '10.0.0.0/abc': the prefix length after '/' must be a number from 0 to 32");
        assertProblem("web: {trusted_proxies: proxy.lan}\n", "host names are not accepted");
        assertProblem("web: {trusted_proxies: ['fd00::/129']}\n", "from 0 to 128");
        assertEquals(2, ConfigTest.parse("web: {trusted_proxies: [10.0.0.0/8, 'fd00::/8']}\n").web().trustedProxies().size());
    }

    static final String SALT = "AAAAAAAAAAAAAAAAAAAAAA"; // 16 bytes
    static final String HASH = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; // 32 bytes

    static String user(String passwordHash) {
        return "auth:\n  users:\n    - name: alice\n      password_hash: '" + passwordHash + "'\n      rights: {\"*\": [view]}\n";
    }

    @Test
    void passwordHashParametersOutOfRangeAreRefusedNamingTheUser() {
        assertProblem(user("pbkdf2-sha256$99999999$" + SALT + "$" + HASH),
                "camgate.yaml:4:7: auth.users[0]: user 'alice': password_hash has 99999999 iterations; it must be 10000 to 2000000");
        assertProblem(user("pbkdf2-sha256$9999$" + SALT + "$" + HASH), "has 9999 iterations");
        assertProblem(user("pbkdf2-sha256$99999999999$" + SALT + "$" + HASH), "'99999999999' iterations");
        assertProblem(user("pbkdf2-sha256$310000$AAAA$" + HASH), "salt of 3 bytes");
        assertProblem(user("pbkdf2-sha256$310000$" + SALT + "$AAAA"), "hash of 3 bytes");
        assertProblem(user("pbkdf2-sha256$310000$" + SALT + "$" + HASH.replace('A', '!')), "hash that is not base64");
        assertProblem(user("pbkdf2-sha256$310000$" + SALT + "$" + HASH + "$x"), "is not of the form");
        assertProblem(user("hunter2"), "never put the password itself");
        ConfigTest.parse(user(dev.camgate.auth.Passwords.hash("a password".toCharArray())));
        ConfigTest.parse(user("pbkdf2-sha256$2000000$" + SALT + "$" + HASH));
    }

    @Test
    void aMalformedTokenHashIsRefusedNamingTheToken() {
        String token = "auth:\n  tokens:\n    - name: wall\n      token_hash: '%s'\n      rights: {\"*\": [view]}\n";
        assertProblem(token.formatted("sha256$" + HASH.substring(1) + "B"), "camgate.yaml:4:7: auth.tokens[0]: token 'wall': token_hash must be");
        assertProblem(token.formatted("sha256$short"), "token 'wall'");
        assertProblem(token.formatted("md5$" + HASH), "token 'wall'");
        ConfigTest.parse(token.formatted(dev.camgate.auth.Tokens.hash("some token")));
    }

    @Test
    void unknownSettingsAreRefusedInEveryNestedBlock() {
        for (String yaml : new String[] {"web: {trusted_proxyz: 10.0.0.1}", "tls: {self_signed: true, cert_file: a}",
                "limits: {max_conections: 5}", "turn: {secret: 0123456789abcdef, urls: 'turn:x', ttl_s: 5}",
                "auth: {mode: on, userz: []}", "ice_servers: [{urls: 'stun:x', user: a}]",
                "cameras: [{id: a, type: ayame, key: 12345678, keys: x}]",
                "auth: {users: [{name: a, password_hash: 'pbkdf2-sha256$310000$" + SALT + "$" + HASH + "', rights: {'*': [view]}, role: admin}]}",
                "auth: {tokens: [{name: a, token_hash: 'sha256$" + HASH + "', rights: {'*': [view]}, expires: never}]}"}) {
            assertProblem(yaml, "unknown setting '");
        }
    }

    @Test
    void anUnknownCameraOptionIsRefusedNamingCameraOptionAndWhatTheTypeTakes() {
        assertProblem("cameras:\n  - id: porch\n    type: momo\n    url: ws://127.0.0.1:8080/ws\n    options:\n      max_viewer: 1\n",
                "camgate.yaml:6:7: cameras[0]: camera 'porch': unknown option 'max_viewer' (type momo takes max_viewers, connect_timeout");
        assertProblem("cameras:\n  - {id: pi, type: momo, url: 'ws://127.0.0.1:8080/ws', options: {vformat: 60}}\n",
                "unknown option 'vformat'");
        assertProblem("cameras:\n  - {id: g, type: ayame, key: 12345678, options: {max_viewers: 2}}\n", "type ayame takes no options");
        assertEquals(60, ((Number) ConfigTest.parse("cameras:\n  - {id: u, type: uv4l, url: 'ws://127.0.0.1:9/stream/webrtc', options: {vformat: 60}}\n")
                .cameras().get(0).options().get("vformat")).intValue());
    }

    @Test
    void twoCamerasWithOneKeyAreRefusedNamingBothButNotTheKey() {
        String message = problem("cameras:\n  - {id: garage, type: ayame, key: sharedkey1}\n  - id: porch\n    type: browser\n    key: sharedkey1\n");
        assertTrue(message.startsWith("camgate.yaml:5:5: cameras 'garage' and 'porch' have the same key"), message);
        assertFalse(message.contains("sharedkey1"), "never prints the key: " + message);
    }

    @Test
    void checksInRecordsPointAtTheOffendingSettingNotTheEndOfTheBlock() {
        assertProblem("ping_interval: 45s\nport: 1\nlisten: 127.0.0.1\n", "camgate.yaml:1:1: ping_interval must be");
        assertProblem("port: 1\nlimits:\n  connections_per_ip: 5\n  max_backoff: 20m\n  failures_before_backoff: 2\n", "camgate.yaml:4:3: limits: max_backoff");
        assertProblem("cameras:\n  - {id: a, type: ayame, key: 12345678}\n  - id: a\n    type: ayame\n    key: 87654321\n",
                "camgate.yaml:3:5: camera id 'a' is used twice");
        assertProblem("cameras:\n  - type: ayame\n    id: 'bad id'\n    key: 12345678\n", "camgate.yaml:3:5: cameras[0]: camera id 'bad id'");
        assertProblem("web:\n  allowed_origins:\n    - https://ok.example\n    - ftp://x\n", "camgate.yaml:4:7: web: allowed origin 'ftp://x'");
    }

    @Test
    void aCameraUrlWithoutSchemeSaysWhatToWrite() {
        assertProblem("cameras:\n  - id: pi\n    type: momo\n    url: 192.168.1.20:8080\n",
                "camgate.yaml:4:5: cameras[0]: camera 'pi': url '192.168.1.20:8080' has no scheme: write ws://192.168.1.20:8080/ws");
        assertProblem("cameras:\n  - {id: pi, type: uv4l, url: '192.168.1.20:8090'}\n", "write ws://192.168.1.20:8090/stream/webrtc");
    }

    @Test
    void aValueQuotedInAMessageCannotForgeASecondLine() {
        String message = problem("cameras:\n  - id: \"a\\ncamgate.yaml:1:1: all good\\u001b[2J\"\n    type: ayame\n");
        assertTrue(message.contains("camera id 'a\\ncamgate.yaml:1:1: all good\\u001b[2J'"), message);
        assertTrue(problem("cameras:\n  - id: '" + "x".repeat(8000) + "'\n    type: ayame\n").length() <= ConfigException.MAX_LENGTH + 1);
    }

    @Test
    void anEmojiAcrossTheYamlReadersBufferEndIsRead() {
        // Found by ConfigLoaderFuzzTest: SnakeYAML Engine threw IndexOutOfBoundsException here.
        for (int n = 1018; n < 1026; n++) {
            assertEquals(7, ConfigTest.parse("# " + "x".repeat(n) + "\uD83D\uDE00\nport: 7\n").port());
        }
    }
}
