package dev.camgate.http;

import dev.camgate.auth.Principal;
import java.net.InetAddress;

/**
 * Who sent a request, as far as camgate can tell: the client address and scheme (after trusted proxies),
 * the origin the browser sees camgate at, and what the request proved.
 *
 * @param sessionId    the live session the cookie named, or null (logout ends it)
 * @param onlySession  true when nothing but that session proved who this is, so a socket ends with it
 */
record Caller(InetAddress address, boolean secure, String ownOrigin, Principal principal, String sessionId, boolean onlySession) {
}
