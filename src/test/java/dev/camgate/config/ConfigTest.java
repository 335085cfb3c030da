package dev.camgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.camera.CameraTypes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

    static Config parse(String yaml) {
        return ConfigLoader.parse(yaml, "camgate.yaml", c -> CameraTypes.of(c).validate(c));
    }

    static String problem(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void noFileAndAnEmptyFileMeanTheDefaults() {
        Config d = Config.defaults();
        assertEquals(41337, d.port());
        assertEquals("0.0.0.0", d.listen());
        assertEquals(Duration.ofSeconds(5), d.pingInterval());
        assertEquals(Duration.ofSeconds(60), d.pongTimeout());
        assertEquals(1024 * 1024, d.maxMessageBytes());
        assertTrue(d.adhocCameras());
        assertEquals(d, parse(""));
        assertEquals(d, parse("# only a comment\n"));
    }

    @Test
    void eachCopyChangesItsSettingsAndKeepsTheRestThroughTheSameChecks() {
        Config base = parse("port: 1234\nlog_level: debug\ncameras:\n  - {id: a, type: ayame, key: 12345678}\n");
        Config changed = base.withPort(9).withListen("127.0.0.1").withLogLevel("WARN").withStateDir("/tmp/s")
                .withTimers(Duration.ofSeconds(2), Duration.ofSeconds(3)).withAuth(AuthConfig.ofMode("none"))
                .withLimits(LimitsConfig.defaults());
        assertEquals(9, changed.port());
        assertEquals("127.0.0.1", changed.listen());
        assertEquals("warn", changed.logLevel(), "the constructor still normalises");
        assertEquals("/tmp/s", changed.stateDir());
        assertEquals(Duration.ofSeconds(2), changed.pingInterval());
        assertEquals(Duration.ofSeconds(3), changed.pongTimeout());
        assertEquals(AuthConfig.ofMode("none"), changed.auth());
        assertEquals(base.cameras(), changed.cameras());
        assertEquals(base.media(), changed.media());
        assertEquals(base, changed.withPort(1234).withListen(null).withLogLevel("debug").withStateDir(null)
                .withTimers(null, null).withAuth(null).withLimits(null), "null is the default, as in the file");
        BadSetting refused = assertThrows(BadSetting.class, () -> base.withTimers(Duration.ofSeconds(10), Duration.ofSeconds(5)));
        assertTrue(refused.getMessage().startsWith("pong_timeout (5s) must be longer"), refused.getMessage());
        assertThrows(BadSetting.class, () -> base.withPort(70000));
    }

    @Test
    void aFullFileIsRead() {
        Config c = parse("""
                listen: 127.0.0.1
                port: 8443
                ping_interval: 2.5s
                pong_timeout: 1m
                ice_servers:
                  - urls: stun:stun.example.org:3478
                adhoc_cameras: false
                log_level: DEBUG
                cameras:
                  - id: garage
                    type: ayame
                    key: 0123456789
                  - id: phone
                    name: Old phone
                    type: browser
                    key: abcdefghij
                    options:
                      max_viewers: 4
                """);
        assertEquals(8443, c.port());
        assertEquals(Duration.ofMillis(2500), c.pingInterval());
        assertEquals(Duration.ofMinutes(1), c.pongTimeout());
        assertEquals(List.of("stun:stun.example.org:3478"), c.iceServers().get(0).urls());
        assertEquals("debug", c.logLevel());
        assertEquals("garage", c.cameras().get(0).name(), "name defaults to the id");
        assertEquals(4, c.cameras().get(1).options().get("max_viewers"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            port: 41337\\nprot: 1                                   | camgate.yaml:2:1: prot: unknown setting 'prot'
            port: seventy                                           | camgate.yaml:1:7: port:
            ping_interval: 45s                                      | ping_interval must be above 0 and below 30s
            ping_interval: soon                                     | camgate.yaml:1:16: ping_interval: 'soon' is not a duration
            ping_interval: 10s\\npong_timeout: 5s                   | pong_timeout (5s) must be longer than ping_interval (10s)
            log_level: loud                                         | log_level 'loud' must be one of
            ice_servers:\\n  - urls: http://x                       | ICE server url 'http://x' must start with stun:
            cameras:\\n  - id: a\\n    type: ayame\\n    key: short | camgate.yaml:4:5: cameras[0]: camera 'a' needs a 'key' of at least 8 characters
            cameras:\\n  - id: a\\n    type: webcam                 | camgate.yaml:2:5: cameras[0]: unknown camera type 'webcam' (known types: ayame, browser
            cameras:\\n  - id: 'bad id'\\n    type: ayame           | camera id 'bad id' must be 1-64 letters
            cameras:\\n  - {id: a, type: ayame, key: 12345678}\\n  - {id: a, type: ayame, key: 12345678} | camera id 'a' is used twice
            port: [1                                                | camgate.yaml:
            """)
    void anInvalidFileGetsOneMessageWithFileLineAndProblem(String yaml, String expected) {
        String message = problem(yaml.replace("\\n", "\n"));
        assertTrue(message.startsWith("camgate.yaml"), "names the file: " + message);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
        assertEquals(1, message.lines().count(), "one line: " + message);
    }

    @Test
    void durationsReadTheWayPeopleWriteThem() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("5"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1s"));
    }

    @Test
    void announceOnlyOffersTheAnnouncedAddressesAlone() {
        Config c = parse("""
                media:
                  announce: ["203.0.113.7:41337"]
                  announce_only: true
                """);
        assertTrue(c.media().announceOnly());
        assertEquals(List.of("203.0.113.7:41337"), c.media().announce());
        assertEquals(false, Config.defaults().media().announceOnly());
        assertTrue(problem("media:\n  announce_only: true\n").contains("media.announce lists no address"),
                problem("media:\n  announce_only: true\n"));
    }
}
