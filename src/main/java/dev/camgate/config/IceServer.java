package dev.camgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One STUN/TURN server as browsers, Momo and the Ayame Web SDK expect it. {@code urls} is accepted as a
 * string or a list but always written as a list: Momo throws on a string-valued {@code urls} (docs/protocol.md §U3).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IceServer(
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> urls,
        String username,
        String credential) {

    public IceServer {
        if (urls == null || urls.isEmpty()) {
            throw new BadSetting("urls", "an ICE server needs 'urls' (for example [\"stun:stun.example.org:3478\"])");
        }
        for (String url : urls) {
            if (url == null || !(url.startsWith("stun:") || url.startsWith("stuns:")
                    || url.startsWith("turn:") || url.startsWith("turns:"))) {
                throw new BadSetting("urls", "ICE server url '" + url + "' must start with stun:, stuns:, turn: or turns:");
            }
        }
        urls = List.copyOf(urls);
    }
}
