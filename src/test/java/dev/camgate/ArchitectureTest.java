package dev.camgate;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
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
                .whereLayer("recording").mayOnlyBeAccessedByLayers("app", "web", "metrics", "cameras")
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
}
