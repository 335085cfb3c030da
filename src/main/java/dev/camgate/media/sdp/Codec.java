package dev.camgate.media.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One payload type of an m-section: its {@code a=rtpmap} (name, clock rate, channels: 1 when not given), its
 * {@code a=fmtp} parameters in the order written (a parameter without '=' such as RED's "111/111" is a key
 * with an empty value), and its {@code a=rtcp-fb} values ("nack", "nack pli", "ccm fir", ...), a
 * {@code rtcp-fb:*} line included in every codec's list.
 */
public record Codec(int payloadType, String name, int clockRate, int channels, Map<String, String> fmtp,
        List<String> rtcpFb) {

    public Codec {
        fmtp = Collections.unmodifiableMap(new LinkedHashMap<>(fmtp));
        rtcpFb = List.copyOf(rtcpFb);
    }

    /** A codec with no parameters and no feedback. */
    public static Codec of(int payloadType, String name, int clockRate, int channels) {
        return new Codec(payloadType, name, clockRate, channels, Map.of(), List.of());
    }

    /** The named fmtp parameter, or null. */
    public String param(String key) {
        return fmtp.get(key);
    }

    public boolean named(String codecName) {
        return name.equalsIgnoreCase(codecName);
    }

    /** RFC 4588 retransmission, which pairs with the payload type in its {@code apt} parameter. */
    public boolean isRtx() {
        return named("rtx");
    }

    /** The payload type this RTX codec retransmits, or -1 if this is not RTX or apt is missing or bad. */
    public int apt() {
        String apt = isRtx() ? fmtp.get("apt") : null;
        if (apt == null || apt.isEmpty() || apt.length() > 3) {
            return -1;
        }
        for (int i = 0; i < apt.length(); i++) {
            if (apt.charAt(i) < '0' || apt.charAt(i) > '9') {
                return -1;
            }
        }
        int pt = Integer.parseInt(apt);
        return pt <= 127 ? pt : -1;
    }

    /** This codec under another payload type (the number a peer uses for it). */
    public Codec withPayloadType(int pt) {
        return new Codec(pt, name, clockRate, channels, fmtp, rtcpFb);
    }

    public Codec withFmtp(Map<String, String> params) {
        return new Codec(payloadType, name, clockRate, channels, params, rtcpFb);
    }

    public Codec withRtcpFb(List<String> feedback) {
        return new Codec(payloadType, name, clockRate, channels, fmtp, feedback);
    }
}
