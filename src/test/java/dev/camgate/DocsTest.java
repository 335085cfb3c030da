package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.camera.CameraTypes;
import dev.camgate.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The docs stay true: the reference is what the code generates, and every example config is valid. */
class DocsTest {
    @Test
    void theConfigurationReferenceIsWhatTheCodeGenerates() throws IOException {
        assertEquals(ConfigReference.markdown(), Files.readString(Path.of("docs", "configuration.md")),
                "docs/configuration.md is out of date: run ./camgate config-reference > docs/configuration.md");
    }

    @Test
    void everyExampleConfigInTheDocsIsValid() throws IOException {
        List<Path> docs;
        try (Stream<Path> files = Files.walk(Path.of("docs"))) {
            docs = Stream.concat(Stream.of(Path.of("README.md")), files.filter(p -> p.toString().endsWith(".md"))).toList();
        }
        int checked = 0;
        for (Path doc : docs) {
            Matcher m = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(Files.readString(doc));
            int n = 0;
            while (m.find()) {
                n++;
                ConfigLoader.parse(m.group(1), doc + " example " + n, c -> CameraTypes.of(c).validate(c));
                checked++;
            }
        }
        assertTrue(checked >= 6, "found only " + checked + " example configs");
    }
}
