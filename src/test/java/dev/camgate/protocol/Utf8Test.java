package dev.camgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "41, -1",                 // A
        "c3a9, -1",               // é
        "e282ac, -1",             // €
        "f09f93b7, -1",           // 📷
        "f48fbfbf, -1",           // U+10FFFF, the last code point
        "c0b1, 0",                // overlong '1': Jackson accepts it
        "c180, 0",                // overlong
        "e08080, 0",              // overlong
        "f0808080, 0",            // overlong
        "eda080, 0",              // a UTF-16 surrogate
        "f4908080, 0",            // above U+10FFFF
        "f5808080, 0",            // no such lead byte
        "80, 0",                  // a continuation byte alone
        "41c3, 1",                // cut short
        "41e282, 1",              // cut short
        "41e28241, 1",            // a continuation byte missing
    })
    void strictUtf8(String hex, int firstInvalid) {
        assertEquals(firstInvalid, Utf8.firstInvalid(HexFormat.of().parseHex(hex)));
    }

    @Test
    void anOverlongCharacterInARelayedSdpIsRefusedNotForwarded() {
        byte[] frame = "{\"type\":\"offer\",\"sdp\":\"v=0 c=__ IP4\"}".getBytes(StandardCharsets.US_ASCII);
        int at = new String(frame, StandardCharsets.US_ASCII).indexOf("__");
        frame[at] = (byte) 0xC0;
        frame[at + 1] = (byte) 0xB1;
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageParser.parse(frame));
        assertEquals("not valid UTF-8 at byte " + at, e.getMessage());
    }
}
