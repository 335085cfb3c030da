package dev.camgate;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of camgate, top to bottom, as docs/architecture.md describes them. A lower layer never imports a
 * higher one and no two packages import each other, so a newcomer can read any package knowing only those below it.
 */
class ArchitectureTest {
    static final List<String> CAMERA_TYPES = List.of("ayame", "browser", "momo", "uv4l");
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.camgate");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.camgate.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("dev.camgate.camera.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("dev.camgate.media.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void lowerLayersNeverImportHigherOnes() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("dev.camgate")
                .layer("bench").definedBy("dev.camgate.bench..")
                .layer("web").definedBy("dev.camgate.http..")
                .layer("metrics").definedBy("dev.camgate.metrics..")
                .layer("signaling").definedBy("dev.camgate.signaling..")
                .layer("rooms").definedBy("dev.camgate.room..")
                .layer("cameras").definedBy("dev.camgate.camera..")
                .layer("recording").definedBy("dev.camgate.recording..")
                .layer("media").definedBy("dev.camgate.media..")
                .layer("services").definedBy("dev.camgate.abuse..", "dev.camgate.auth..", "dev.camgate.ice..", "dev.camgate.tls..")
                .layer("protocol").definedBy("dev.camgate.protocol..")
                .layer("foundation").definedBy("dev.camgate.config..", "dev.camgate.log..", "dev.camgate.net..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayOnlyBeAccessedByLayers("app")
                .whereLayer("web").mayOnlyBeAccessedByLayers("app")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("app", "web")
                .whereLayer("signaling").mayOnlyBeAccessedByLayers("app", "web", "metrics")
                .whereLayer("rooms").mayOnlyBeAccessedByLayers("app", "web", "metrics", "signaling")
                .whereLayer("cameras").mayOnlyBeAccessedByLayers("app", "web", "metrics", "signaling", "rooms")
                .whereLayer("recording").mayOnlyBeAccessedByLayers("app", "bench", "web", "metrics", "cameras")
                .whereLayer("media").mayOnlyBeAccessedByLayers("app", "bench", "web", "metrics", "signaling", "rooms", "cameras", "recording")
                .whereLayer("services").mayOnlyBeAccessedByLayers("app", "web", "metrics", "signaling", "rooms", "cameras", "recording", "media", "services")
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("app", "web", "metrics", "signaling", "rooms", "cameras")
                .check(classes);
    }

    /** A new camera type is one package: it may build on dialin/dialout, never on another type. */
    @Test
    void cameraTypesKnowNothingOfEachOther() {
        for (String type : CAMERA_TYPES) {
            String[] others = CAMERA_TYPES.stream().filter(t -> !t.equals(type)).map(t -> "dev.camgate.camera." + t + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.camgate.camera." + type + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others).check(classes);
        }
    }

    /**
     * Each camera's state lives on one event loop and other threads hand work to it (docs/architecture.md,
     * Threads): no camera code takes a lock. ArchUnit sees synchronized methods and the locks package; a
     * synchronized block leaves no trace it can read, so the sources are searched for the keyword as well.
     */
    @Test
    void camerasTakeNoLocks() throws IOException {
        noClasses().that().resideInAPackage("dev.camgate.camera..")
                .should().dependOnClassesThat().resideInAPackage("java.util.concurrent.locks..")
                .because("a camera's state is confined to its event loop").check(classes);
        methods().that().areDeclaredInClassesThat().resideInAPackage("dev.camgate.camera..")
                .should().notHaveModifier(JavaModifier.SYNCHRONIZED)
                .because("a camera's state is confined to its event loop").check(classes);

        Pattern keyword = Pattern.compile("\\bsynchronized\\b");
        List<String> locking;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/dev/camgate/camera"))) {
            locking = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return keyword.matcher(code(Files.readString(p))).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).sorted().toList();
        }
        assertEquals(List.of(), locking, "synchronized in camera code; hand the work to the camera's loop instead");
        // The search must look past comments and strings only, never past code.
        assertEquals(List.of(true, false), Stream.of("synchronized (x) { }", "/* synchronized */ s = \"synchronized\"; // synchronized")
                .map(text -> keyword.matcher(code(text)).find()).toList());
    }

    /** Java source without its comments and the contents of its string, text block and char literals. */
    static String code(String java) {
        StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                int end = java.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (java.startsWith("/*", i)) {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (java.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !java.startsWith("\"\"\"", end)) {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                i = Math.min(n, end + 3);
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && java.charAt(end) != c && java.charAt(end) != '\n') {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                i = Math.min(n, end + 1);
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
