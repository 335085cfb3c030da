package dev.camgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.net.InetAddress;
import java.util.List;

/**
 * The media plane: the UDP port relayed cameras and their viewers send video to. Same number as the TCP
 * port by default, so a router forwards one number for both.
 */
public record MediaConfig(
        @Doc("UDP port for relayed video (ICE, DTLS, SRTP, all peers on one port); default the same number as `port`, so one port forward (TCP and UDP) is all a router needs. 0 picks a free one.") Integer port,
        @Doc("Addresses to tell viewers beside the machine's own, e.g. your public IP when the router forwards the port (\"203.0.113.7\", or \"203.0.113.7:41337\" when the outside port differs).") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> announce,
        @Doc("Offer only the `announce` addresses to cameras and viewers, not the machine's own: for a hub behind a 1:1 NAT or a port forward, whose own addresses nobody outside can reach (each would only cost a failed ICE check). Needs at least one `announce` address.") Boolean announceOnly) {

    public MediaConfig {
        if (port != null && (port < 0 || port > 65535)) {
            throw new BadSetting("port", "media.port " + port + " is not between 0 and 65535");
        }
        announce = announce == null ? List.of() : List.copyOf(announce);
        for (String a : announce) {
            Announced.parse(a);
        }
        announceOnly = announceOnly != null && announceOnly;
        if (announceOnly && announce.isEmpty()) {
            throw new BadSetting("announce_only", "media.announce_only is true but media.announce lists no address: camgate would offer none");
        }
    }

    public static MediaConfig defaults() {
        return new MediaConfig(null, null, null);
    }

    /** One announced address: an IP literal (never a name, so nothing is looked up) and an optional port. */
    public record Announced(InetAddress address, int port) {
        public static Announced parse(String text) {
            String host = text;
            int port = 0;
            int colon = text.lastIndexOf(':');
            boolean bracketed = text.startsWith("[");
            if (bracketed || (colon > 0 && text.indexOf(':') == colon)) {
                int end = bracketed ? text.indexOf(']') : colon;
                if (end < 0) {
                    throw new BadSetting("announce", "media.announce '" + text + "' has no closing ']'");
                }
                host = bracketed ? text.substring(1, end) : text.substring(0, end);
                String rest = text.substring(bracketed ? end + 1 : end);
                if (!rest.isEmpty()) {
                    try {
                        port = Integer.parseInt(rest.substring(1));
                    } catch (NumberFormatException e) {
                        port = -1;
                    }
                    if (!rest.startsWith(":") || port < 1 || port > 65535) {
                        throw new BadSetting("announce", "media.announce '" + text + "' has a port that is not 1-65535");
                    }
                }
            }
            if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw new BadSetting("announce", "media.announce '" + text + "' must be an IP address (a name would need a DNS lookup)");
            }
            try {
                return new Announced(InetAddress.getByName(host), port);
            } catch (java.net.UnknownHostException e) {
                throw new BadSetting("announce", "media.announce '" + text + "' is not an IP address");
            }
        }
    }
}
