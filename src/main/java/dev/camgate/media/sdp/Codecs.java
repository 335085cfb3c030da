package dev.camgate.media.sdp;

import java.util.Map;

/**
 * Which codec descriptions describe the same stream, so that camgate can forward a camera's RTP to a peer
 * untouched but for the payload type number. Stateless.
 */
public final class Codecs {
    private Codecs() {
    }

    /** RTX, RED, ULPFEC, FlexFEC, comfort noise and DTMF: payload types that wrap or accompany media. */
    public static boolean isAuxiliary(Codec c) {
        String n = c.name();
        return n.equalsIgnoreCase("rtx") || n.equalsIgnoreCase("red") || n.equalsIgnoreCase("ulpfec")
                || n.toLowerCase(java.util.Locale.ROOT).startsWith("flexfec") || n.equalsIgnoreCase("CN")
                || n.equalsIgnoreCase("telephone-event");
    }

    /**
     * Whether a stream encoded as {@code sent} describes it (the camera's codec) may go to a peer that
     * offered to receive {@code offered}: same name, clock rate and channels, and for H.264, VP9 and AV1
     * the same profile (and H.264 packetization mode; see {@link #h264Compatible}).
     */
    public static boolean canSend(Codec sent, Codec offered) {
        if (!sent.name().equalsIgnoreCase(offered.name()) || sent.clockRate() != offered.clockRate()
                || sent.channels() != offered.channels()) {
            return false;
        }
        if (sent.named("H264")) {
            return h264Compatible(sent.fmtp(), offered.fmtp());
        }
        if (sent.named("VP9")) {
            return sent.fmtp().getOrDefault("profile-id", "0").equals(offered.fmtp().getOrDefault("profile-id", "0"));
        }
        if (sent.named("AV1")) {
            return sent.fmtp().getOrDefault("profile", "0").equals(offered.fmtp().getOrDefault("profile", "0"));
        }
        return true;
    }

    /**
     * RFC 6184 §8.2.2 as libwebrtc applies it: the packetization modes are equal (0 when absent) and the
     * profiles are the same (by profile_idc and constraint flags, {@link H264ProfileLevelId}). A stream whose
     * level is above what the receiver offered is allowed only when the receiver said
     * level-asymmetry-allowed=1: strictly its level is still a receive limit, but camgate cannot re-encode,
     * and the decoders of browsers (who always say level-asymmetry-allowed=1) take higher levels; without the
     * flag the peer may well be a hardware decoder that means its level.
     */
    public static boolean h264Compatible(Map<String, String> sent, Map<String, String> offered) {
        int mode = packetizationMode(sent);
        if (mode < 0 || mode != packetizationMode(offered)) {
            return false;
        }
        H264ProfileLevelId s = H264ProfileLevelId.of(sent);
        H264ProfileLevelId o = H264ProfileLevelId.of(offered);
        if (s == null || o == null || s.profile() != o.profile()) {
            return false;
        }
        return !H264ProfileLevelId.lower(o.level(), s.level()) || "1".equals(offered.get("level-asymmetry-allowed"));
    }

    /** packetization-mode (RFC 6184 §8.1): 0 when absent, -1 when not 0, 1 or 2. */
    public static int packetizationMode(Map<String, String> fmtp) {
        String mode = fmtp.getOrDefault("packetization-mode", "0");
        return switch (mode) {
            case "0" -> 0;
            case "1" -> 1;
            case "2" -> 2;
            default -> -1;
        };
    }
}
