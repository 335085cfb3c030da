package dev.camgate.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** The directory camgate owns: secrets it made itself, readable only by the user camgate runs as. */
public final class StateDir {
    private final Path dir;

    private StateDir(Path dir) {
        this.dir = dir;
    }

    public static StateDir open(String path) {
        Path dir = Path.of(path.startsWith("~/") ? dev.camgate.config.Config.homeDirectory() + path.substring(1) : path);
        try {
            Files.createDirectories(dir);
            trySetMode(dir, "rwx------");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + dir + ": " + e.getMessage(), e);
        }
        return new StateDir(dir);
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /**
     * A folder inside, made (or repaired, for a state directory from an older camgate) to be readable by this
     * user only: it holds key material.
     */
    public Path privateDir(String name) {
        Path sub = dir.resolve(name);
        try {
            Files.createDirectories(sub);
            trySetMode(sub, "rwx------");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + sub + ": " + e.getMessage(), e);
        }
        return sub;
    }

    /** Makes a file of key material readable by this user only. */
    public static void makePrivate(Path file) throws IOException {
        trySetMode(file, "rw-------");
    }

    /** The file's text; on first use, made by {@code create} and written with mode 600. */
    public String secret(String name, Supplier<String> create) {
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String value = create.get();
            Path tmp = Files.createTempFile(dir, name, ".new");
            trySetMode(tmp, "rw-------");
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    static void trySetMode(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile directory is private already.
        }
    }
}
