package dev.camgate.media.sdp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ICE candidate (RFC 8839 §5.1): {@code candidate:<foundation> <component> <transport> <priority>
 * <address> <port> typ <type> [raddr <a> rport <p>] [<name> <value>]...}. {@code raddr} is null and
 * {@code rport} -1 when absent; the extensions (generation, ufrag, network-id, tcptype, ...) keep their order.
 * The address may be an mDNS name (Chromium hides host addresses behind "....local").
 */
public record Candidate(String foundation, int component, String transport, long priority, String address,
        int port, String type, String raddr, int rport, Map<String, String> extensions) {

    static final int MAX_EXTENSIONS = 16;
    /** RFC 8445 §5.1.2.2: the recommended type preference of a host candidate. */
    private static final int HOST_TYPE_PREFERENCE = 126;

    public Candidate {
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * A host candidate for RTP (component 1) over UDP, with the RFC 8445 §5.1.2.1 priority from a local
     * preference (0-65535, higher is preferred: give IPv6 and IPv4 different ones).
     */
    public static Candidate host(String foundation, InetAddress address, int port, int localPreference) {
        if (!Tokens.iceChars(foundation, 1, 32)) {
            throw new IllegalArgumentException("foundation must be 1-32 ice-chars");
        }
        if (port < 1 || port > 65535 || localPreference < 0 || localPreference > 65535) {
            throw new IllegalArgumentException("port or local preference out of range");
        }
        String ip = address.getHostAddress();
        if (address instanceof Inet6Address && ip.indexOf('%') >= 0) {
            ip = ip.substring(0, ip.indexOf('%')); // the scope is this machine's, meaningless to the peer
        }
        long priority = ((long) HOST_TYPE_PREFERENCE << 24) | ((long) localPreference << 8) | (256 - 1);
        return new Candidate(foundation, 1, "udp", priority, ip, port, "host", null, -1, Map.of());
    }

    /** The attribute value, {@code candidate:...} without "a=", as SDP and trickle messages carry it. */
    public String sdpValue() {
        StringBuilder b = new StringBuilder(96).append("candidate:").append(foundation).append(' ').append(component)
                .append(' ').append(transport).append(' ').append(priority).append(' ').append(address).append(' ')
                .append(port).append(" typ ").append(type);
        if (raddr != null) {
            b.append(" raddr ").append(raddr);
        }
        if (rport >= 0) {
            b.append(" rport ").append(rport);
        }
        extensions.forEach((k, v) -> b.append(' ').append(k).append(' ').append(v));
        return b.toString();
    }

    /**
     * A candidate from an SDP line ({@code a=candidate:...}) or a trickle string ({@code candidate:...}).
     *
     * @throws SdpException naming what was wrong
     */
    public static Candidate parse(String text) throws SdpException {
        if (text == null) {
            throw new SdpException("no candidate");
        }
        String s = text.startsWith("a=") ? text.substring(2) : text;
        if (!s.startsWith("candidate:")) {
            throw new SdpException("a candidate must start with \"candidate:\"");
        }
        if (s.length() > SdpParser.MAX_LINE) {
            throw new SdpException("candidate longer than " + SdpParser.MAX_LINE + " characters");
        }
        return parseValue(s.substring("candidate:".length()), 0);
    }

    /** The part after "candidate:", as found on line {@code line} (0: not from an SDP). */
    static Candidate parseValue(String value, int line) throws SdpException {
        List<String> f = Tokens.split(value, 8 + 2 * 2 + 2 * MAX_EXTENSIONS);
        if (f == null) {
            throw new SdpException(line, "candidate has too many fields");
        }
        if (f.size() < 8) {
            throw new SdpException(line, "candidate needs foundation, component, transport, priority, address, port, typ and type");
        }
        String foundation = f.get(0);
        if (!Tokens.iceChars(foundation, 1, 32)) {
            throw new SdpException(line, "candidate foundation " + SdpException.excerpt(foundation) + " is not 1-32 ice-chars");
        }
        long component = Tokens.number(f.get(1), 3, 256);
        if (component < 1) {
            throw new SdpException(line, "candidate component " + SdpException.excerpt(f.get(1)) + " is not 1-256");
        }
        String transport = f.get(2);
        if (!Tokens.token(transport, 16)) {
            throw new SdpException(line, "candidate transport " + SdpException.excerpt(transport) + " is not a token");
        }
        long priority = Tokens.number(f.get(3), 10, 0xFFFFFFFFL);
        if (priority < 0) {
            throw new SdpException(line, "candidate priority " + SdpException.excerpt(f.get(3)) + " is not a 32-bit number");
        }
        String address = f.get(4);
        if (!Tokens.address(address)) {
            throw new SdpException(line, "candidate address " + SdpException.excerpt(address) + " is not an address or host name");
        }
        int port = Tokens.port(f.get(5));
        if (port < 0) {
            throw new SdpException(line, "candidate port " + SdpException.excerpt(f.get(5)) + " is not 0-65535");
        }
        if (!f.get(6).equals("typ")) {
            throw new SdpException(line, "candidate has " + SdpException.excerpt(f.get(6)) + " where \"typ\" belongs");
        }
        String type = f.get(7);
        if (!Tokens.token(type, 16)) {
            throw new SdpException(line, "candidate type " + SdpException.excerpt(type) + " is not a token");
        }
        String raddr = null;
        int rport = -1;
        Map<String, String> ext = new LinkedHashMap<>();
        int i = 8;
        if (i + 1 < f.size() && f.get(i).equals("raddr")) {
            raddr = f.get(i + 1);
            if (!Tokens.address(raddr)) {
                throw new SdpException(line, "candidate raddr " + SdpException.excerpt(raddr) + " is not an address");
            }
            i += 2;
        }
        if (i + 1 < f.size() && f.get(i).equals("rport")) {
            rport = Tokens.port(f.get(i + 1));
            if (rport < 0) {
                throw new SdpException(line, "candidate rport " + SdpException.excerpt(f.get(i + 1)) + " is not 0-65535");
            }
            i += 2;
        }
        for (; i < f.size(); i += 2) {
            if (i + 1 == f.size()) {
                throw new SdpException(line, "candidate extension " + SdpException.excerpt(f.get(i)) + " has no value");
            }
            String name = f.get(i);
            if (name.equals("raddr") || name.equals("rport") || ext.containsKey(name) || ext.size() == MAX_EXTENSIONS) {
                throw new SdpException(line, "candidate extension " + SdpException.excerpt(name) + " repeated, misplaced or one too many");
            }
            if (!Tokens.token(name, 32) || !Tokens.token(f.get(i + 1), 256)) {
                throw new SdpException(line, "candidate extension " + SdpException.excerpt(name) + " is not name and value tokens");
            }
            ext.put(name, f.get(i + 1));
        }
        return new Candidate(foundation, (int) component, transport, priority, address, port, type, raddr, rport, ext);
    }
}
