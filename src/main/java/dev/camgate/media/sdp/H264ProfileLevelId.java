package dev.camgate.media.sdp;

import java.util.Map;

/**
 * profile-level-id (RFC 6184 §8.1) read as a profile and a level. The profile comes from profile_idc and
 * the constraint flags in profile-iop together: 42e01f and 42c01f are Constrained Baseline (Baseline with
 * constraint_set1), 4de01f too (Main with constraint_set0, which only a Baseline decoder's subset satisfies),
 * while 42001f is plain Baseline and 640c1f Constrained High. The reserved low four bits of profile-iop must
 * be zero. The level is ten times the level number; level 1b is {@link #LEVEL_1B} and sorts between 1 and 1.1.
 */
public record H264ProfileLevelId(H264Profile profile, int level) {
    public static final int LEVEL_1B = 0;
    private static final int SET0 = 0x80;
    private static final int SET1 = 0x40;
    private static final int SET3 = 0x10;

    /**
     * libwebrtc's reading of an H.264 codec without profile-level-id: Constrained Baseline 3.1, not RFC
     * 6184's Baseline 1, because the libwebrtc peers (Momo, UV4L, Chromium) are the ones that leave it out.
     */
    public static final H264ProfileLevelId DEFAULT = new H264ProfileLevelId(H264Profile.CONSTRAINED_BASELINE, 31);

    /** Six hex digits read as profile and level, or null when they name no profile or level WebRTC uses. */
    public static H264ProfileLevelId parse(String hex) {
        if (hex == null || hex.length() != 6) {
            return null;
        }
        int v = 0;
        for (int i = 0; i < 6; i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                return null;
            }
            v = v << 4 | d;
        }
        int idc = v >>> 16;
        int iop = v >>> 8 & 0xFF;
        int levelIdc = v & 0xFF;
        H264Profile profile = profile(idc, iop);
        if (profile == null) {
            return null;
        }
        int level;
        if (levelIdc == 11 && (iop & SET3) != 0 && (idc == 0x42 || idc == 0x4D || idc == 0x58)) {
            level = LEVEL_1B; // H.264 A.3.1: Baseline/Main/Extended signal 1b as 1.1 with constraint_set3
        } else if (levelIdc == 9) {
            level = LEVEL_1B; // the High profiles' way of writing 1b
        } else if (knownLevel(levelIdc)) {
            level = levelIdc;
        } else {
            return null;
        }
        return new H264ProfileLevelId(profile, level);
    }

    /** The profile-level-id of an H.264 codec's fmtp, {@link #DEFAULT} when absent, null when unreadable. */
    public static H264ProfileLevelId of(Map<String, String> fmtp) {
        String value = fmtp.get("profile-level-id");
        return value == null ? DEFAULT : parse(value);
    }

    /** Whether {@code a}'s level is lower than {@code b}'s, with level 1b between 1 and 1.1. */
    public static boolean lower(int a, int b) {
        if (a == LEVEL_1B) {
            return b != 10 && b != LEVEL_1B;
        }
        if (b == LEVEL_1B) {
            return a == 10;
        }
        return a < b;
    }

    private static H264Profile profile(int idc, int iop) {
        if (idc == 0x64) {
            return iop == 0 ? H264Profile.HIGH : iop == 0x0C ? H264Profile.CONSTRAINED_HIGH : null; // set4+set5
        }
        if ((iop & 0x0F) != 0) {
            return null; // constraint_set4/5 and the reserved bits: no other profile WebRTC names has them
        }
        return switch (idc) {
            case 0x42 -> (iop & SET1) != 0 ? H264Profile.CONSTRAINED_BASELINE : H264Profile.BASELINE;
            case 0x4D -> (iop & SET0) != 0 ? H264Profile.CONSTRAINED_BASELINE
                    : (iop & 0x20) == 0 ? H264Profile.MAIN : null; // Main needs constraint_set2 clear
            case 0x58 -> (iop & SET0) == 0 ? null
                    : (iop & SET1) != 0 ? H264Profile.CONSTRAINED_BASELINE : H264Profile.BASELINE;
            case 0xF4 -> iop == 0 ? H264Profile.PREDICTIVE_HIGH_444 : null;
            default -> null;
        };
    }

    private static boolean knownLevel(int idc) {
        return switch (idc) {
            case 10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52, 60, 61, 62 -> true;
            default -> false;
        };
    }
}
