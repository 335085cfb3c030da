package dev.camgate.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The web UI, read from the jar's {@code web/} folder once and then served from memory. */
final class StaticFiles {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._/-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json; charset=utf-8",
            "webmanifest", "application/manifest+json");

    record File(String contentType, byte[] body) {
    }

    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    /** @param path relative to web/, e.g. "assets/viewer.js" */
    Optional<File> find(String path) {
        if (!SAFE.matcher(path).matches() || path.contains("..") || path.contains("//")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(path, StaticFiles::load);
    }

    private static Optional<File> load(String path) {
        int dot = path.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(path.substring(dot + 1));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + path)) {
            return in == null ? Optional.empty() : Optional.of(new File(type, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
