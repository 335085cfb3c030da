package dev.camgate.http;

import dev.camgate.config.WebConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names camgate answers to. A page on an attacker's name whose DNS later points at this machine (DNS
 * rebinding) is same-origin with itself, so the Origin check passes; only the Host header tells. IP literals
 * are always fine (rebinding needs a name), so are localhost, this machine's own name and web.hostnames.
 */
final class HostNames {
    private final boolean any;
    private final Set<String> exact;
    private final List<String> suffixes;

    private HostNames(boolean any, Set<String> exact, List<String> suffixes) {
        this.any = any;
        this.exact = exact;
        this.suffixes = suffixes;
    }

    static HostNames of(WebConfig web) {
        return of(web.hostnames(), machineName());
    }

    static HostNames of(List<String> configured, String machine) {
        Set<String> exact = new HashSet<>(Set.of("localhost"));
        List<String> suffixes = new java.util.ArrayList<>(List.of(".localhost"));
        if (machine != null && !machine.isBlank()) {
            String m = machine.strip().toLowerCase(Locale.ROOT);
            String shortName = m.contains(".") ? m.substring(0, m.indexOf('.')) : m;
            // The names a home network gives a machine: mDNS, and the usual router domains.
            for (String name : List.of(m, shortName, shortName + ".local", shortName + ".lan", shortName + ".home.arpa")) {
                exact.add(name);
            }
        }
        boolean any = false;
        for (String name : configured) {
            String n = trimDot(name);
            if (n.equals("*")) {
                any = true;
            } else if (n.startsWith("*.")) {
                suffixes.add(n.substring(1));
            } else {
                exact.add(n);
            }
        }
        return new HostNames(any, Set.copyOf(exact), List.copyOf(suffixes));
    }

    /** @param host the Host header as sent (may carry a port); null when the client sent none */
    boolean allows(String host) {
        if (any || host == null) {
            return true; // no browser leaves Host out, and rebinding needs a browser
        }
        String name = hostPart(host.strip().toLowerCase(Locale.ROOT));
        if (name == null) {
            return false;
        }
        if (name.startsWith("[") || isIpv4(name)) {
            return true;
        }
        name = trimDot(name);
        if (exact.contains(name)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /** The name without its port; null when it is not a plausible host. */
    static String hostPart(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? null : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        return name.isEmpty() || !name.matches("[a-z0-9._-]+") ? null : name;
    }

    private static boolean isIpv4(String name) {
        return name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** From the kernel, not from DNS: a lookup could block start-up for seconds on a badly set-up network. */
    private static String machineName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "" : env;
        }
    }
}
