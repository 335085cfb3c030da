package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.config.Config;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up hints work when copied as printed: real addresses, a Momo command for a camera that exists. */
class WelcomeTest {
    static final String TOKEN = "T0KEN";

    @Test
    void withoutAConfigTheMomoHintSaysHowToAddACameraAndUsesARealAddress() {
        List<String> lines = new Welcome(Config.defaults(), 41337, false, TOKEN, List.of("192.168.1.10")).lines();
        String text = String.join("\n", lines);
        assertFalse(text.contains("<this host>") || text.contains("THIS-HOST"), text);
        String snippet = lines.stream().filter(l -> l.contains("{id: garage, type: ayame, key: ")).findFirst().orElseThrow();
        String key = snippet.substring(snippet.indexOf("key: ") + 5, snippet.indexOf('}'));
        assertTrue(key.length() >= 8, "a key the config accepts: " + key);
        Config withIt = Config.parseYaml("cameras:\n" + snippet.strip().replaceFirst("^cameras:", "") + "\n", "t.yaml");
        assertEquals("garage", withIt.cameras().get(0).id(), "the snippet is valid YAML for a camera");
        String momo = lines.stream().filter(l -> l.contains("./momo")).findFirst().orElseThrow().strip();
        assertEquals("./momo --no-audio-device ayame --signaling-url ws://192.168.1.10:41337/signaling --room-id garage"
                + " --signaling-key " + key, momo, "global flags before 'ayame', its own after; the LAN address, not localhost");
    }

    @Test
    void listeningEverywhereGivesALoginLinkForEveryLanAddressAndLocalhost() {
        List<String> lines = new Welcome(Config.defaults(), 41337, false, TOKEN, List.of("192.168.1.10", "[2001:db8::5]")).lines();
        assertEquals("  log in:      http://localhost:41337/login?token=T0KEN", lines.get(0));
        assertEquals("               http://192.168.1.10:41337/login?token=T0KEN", lines.get(1));
        assertEquals("               http://[2001:db8::5]:41337/login?token=T0KEN", lines.get(2));
    }

    @Test
    void aConfiguredAyameCameraIsTheOneTheHintNames() {
        Config cfg = Config.parseYaml("listen: 127.0.0.1\ntls: {self_signed: true}\ncameras:\n  - {id: porch, type: ayame, key: secret-porch}\n", "t.yaml");
        String text = String.join("\n", new Welcome(cfg, 8443, true, null, List.of()).lines());
        assertTrue(text.contains("./momo --no-audio-device ayame --signaling-url wss://127.0.0.1:8443/signaling --room-id porch "
                + "--signaling-key <the key of 'porch' in your config>"), text);
        assertFalse(text.contains("secret-porch"), "the key itself stays out of the journal");
        assertFalse(text.contains("log in:"));
    }

    @Test
    void onlyAddressesAPhoneCanUseAreListed() throws Exception {
        List<InetAddress> all = List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("169.254.3.4"),
                InetAddress.getByName("192.168.1.10"), InetAddress.getByName("fe80::1"), InetAddress.getByName("::1"),
                InetAddress.getByName("2001:db8::5"), InetAddress.getByName("10.0.0.2"));
        assertEquals(List.of("192.168.1.10", "10.0.0.2"), Addresses.usable(all, false));
        assertEquals(List.of("192.168.1.10", "[2001:db8:0:0:0:0:0:5]", "10.0.0.2"), Addresses.usable(all, true));
    }
}
