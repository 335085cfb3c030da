package dev.camgate.http;

import dev.camgate.auth.Principal;
import java.net.InetAddress;

/**
 * Who sent a request, as far as camgate can tell: the client address and scheme (after trusted proxies),
 * the origin the browser sees camgate at, and what the request proved.
 */
record Caller(InetAddress address, boolean secure, String ownOrigin, Principal principal) {
}
