package dev.camgate.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class H264ProfileLevelIdTest {

    /** profile-level-id values browsers and cameras send, and what RFC 6184 §8.1 / H.264 A.2 make of them. */
    @ParameterizedTest
    @CsvSource({
            "42e01f, CONSTRAINED_BASELINE, 31", // Chromium, Momo: constraint_set0+1+2
            "42c01f, CONSTRAINED_BASELINE, 31", // constraint_set0+1
            "42401f, CONSTRAINED_BASELINE, 31", // constraint_set1 alone is what makes Baseline constrained
            "4de01f, CONSTRAINED_BASELINE, 31", // Main with constraint_set0: only the Baseline subset
            "58c01f, CONSTRAINED_BASELINE, 31", // Extended with constraint_set0+1
            "42001f, BASELINE, 31",
            "42801f, BASELINE, 31",
            "58801f, BASELINE, 31",
            "4d001f, MAIN, 31",
            "4d4028, MAIN, 40", // Main with constraint_set1 is still Main
            "640c1f, CONSTRAINED_HIGH, 31",
            "64001f, HIGH, 31",
            "640034, HIGH, 52",
            "f4001f, PREDICTIVE_HIGH_444, 31",
            "42E028, CONSTRAINED_BASELINE, 40", // hex digits in either case
            "42f00b, CONSTRAINED_BASELINE, 0", // level_idc 11 with constraint_set3: level 1b
            "42100b, BASELINE, 0",
            "42e00b, CONSTRAINED_BASELINE, 11", // without constraint_set3: level 1.1
            "640009, HIGH, 0", // High profiles write 1b as level_idc 9
    })
    void profilesAndLevels(String hex, H264Profile profile, int level) {
        assertEquals(new H264ProfileLevelId(profile, level), H264ProfileLevelId.parse(hex));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "42e01", "42e01f0", "zze01f", "42e00f", "4d201f", "58001f", "42e81f", "640d1f", "6e001f", "000000", "+2e01f"})
    void unusableValuesNameNoProfile(String hex) {
        assertNull(H264ProfileLevelId.parse(hex));
    }

    @Test
    void absentMeansWhatLibwebrtcMeans() {
        assertEquals(new H264ProfileLevelId(H264Profile.CONSTRAINED_BASELINE, 31), H264ProfileLevelId.of(Map.of()));
    }

    @Test
    void level1bSortsBetween1And11() {
        assertTrue(H264ProfileLevelId.lower(10, H264ProfileLevelId.LEVEL_1B));
        assertTrue(H264ProfileLevelId.lower(H264ProfileLevelId.LEVEL_1B, 11));
        assertFalse(H264ProfileLevelId.lower(H264ProfileLevelId.LEVEL_1B, 10));
        assertFalse(H264ProfileLevelId.lower(H264ProfileLevelId.LEVEL_1B, H264ProfileLevelId.LEVEL_1B));
        assertTrue(H264ProfileLevelId.lower(31, 40));
        assertFalse(H264ProfileLevelId.lower(40, 31));
    }

    private static Map<String, String> h264(String pli, String mode, boolean asymmetry) {
        var m = new java.util.LinkedHashMap<String, String>();
        if (asymmetry) {
            m.put("level-asymmetry-allowed", "1");
        }
        if (mode != null) {
            m.put("packetization-mode", mode);
        }
        if (pli != null) {
            m.put("profile-level-id", pli);
        }
        return m;
    }

    @Test
    void compatibility() {
        assertTrue(Codecs.h264Compatible(h264("42e01f", "1", true), h264("42e01f", "1", true)));
        assertTrue(Codecs.h264Compatible(h264("42c01f", "1", false), h264("42e01f", "1", false)), "both Constrained Baseline");
        assertTrue(Codecs.h264Compatible(h264("4de01f", "1", false), h264("42e01f", "1", false)), "both Constrained Baseline");
        assertFalse(Codecs.h264Compatible(h264("42e01f", "1", true), h264("42e01f", "0", true)), "packetization modes differ");
        assertFalse(Codecs.h264Compatible(h264("42e01f", "1", true), h264("42e01f", null, true)), "absent mode is 0");
        assertTrue(Codecs.h264Compatible(h264("42e01f", null, true), h264("42e01f", "0", true)));
        assertFalse(Codecs.h264Compatible(h264("42e01f", "1", true), h264("42001f", "1", true)), "Baseline is another profile");
        assertFalse(Codecs.h264Compatible(h264("640c1f", "1", true), h264("64001f", "1", true)), "Constrained High is not High");
        assertFalse(Codecs.h264Compatible(h264("42e01f", "3", true), h264("42e01f", "3", true)), "no mode 3");
        assertTrue(Codecs.h264Compatible(h264("42e028", "1", true), h264("42e01f", "1", true)), "4.0 to a 3.1 receiver that allows asymmetry");
        assertFalse(Codecs.h264Compatible(h264("42e028", "1", false), h264("42e01f", "1", false)), "4.0 to a receiver that means 3.1");
        assertTrue(Codecs.h264Compatible(h264("42e015", "1", false), h264("42e01f", "1", false)), "a lower level always goes");
        assertTrue(Codecs.h264Compatible(h264(null, "1", false), h264("42e01f", "1", false)), "absent is CB 3.1");
        assertFalse(Codecs.h264Compatible(h264("xyz", "1", false), h264("42e01f", "1", false)));
    }

    @Test
    void otherCodecsByNameClockAndChannels() {
        Codec opus = Codec.of(111, "opus", 48000, 2);
        assertTrue(Codecs.canSend(opus, Codec.of(109, "OPUS", 48000, 2)));
        assertFalse(Codecs.canSend(opus, Codec.of(109, "opus", 48000, 1)));
        assertFalse(Codecs.canSend(Codec.of(96, "VP8", 90000, 1), Codec.of(96, "VP8", 48000, 1)));
        Codec vp9p0 = new Codec(98, "VP9", 90000, 1, Map.of("profile-id", "0"), java.util.List.of());
        assertTrue(Codecs.canSend(vp9p0, Codec.of(98, "VP9", 90000, 1)), "absent profile-id is 0");
        assertFalse(Codecs.canSend(vp9p0, new Codec(100, "VP9", 90000, 1, Map.of("profile-id", "2"), java.util.List.of())));
    }
}
