package dev.camgate.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.config.BadSetting;
import dev.camgate.config.CameraConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape every camera type shares: options declared once, read once, refused with the option's path. */
class CameraTypeTest {
    private static final CameraOption<Integer> SIZE = CameraOption.whole("size", 3, 1, 9, "How big.");
    private static final CameraOption<Boolean> LOUD = CameraOption.flag("loud", false, "Whether it shouts.");
    private static final CameraOption<Duration> WAIT = CameraOption.duration("wait", Duration.ofMillis(1500), "How long.");

    record Opts(int size, boolean loud, Duration waitFor) {
    }

    /** A type whose read is given, to test the base class; its field check refuses a key. */
    private static final class TestType extends CameraType<Opts> {
        private final java.util.function.Function<OptionValues, Opts> reader;

        TestType(List<CameraOption<?>> options, java.util.function.Function<OptionValues, Opts> reader) {
            super("test", "A test.", c -> {
                if (c.key() != null) {
                    throw new BadSetting("key", "no key");
                }
            }, options);
            this.reader = reader;
        }

        @Override
        protected Opts read(OptionValues values) {
            return reader.apply(values);
        }

        @Override
        protected Camera create(CameraConfig config, Opts options, CameraContext context, io.netty.channel.EventLoop loop) {
            throw new UnsupportedOperationException();
        }
    }

    private static final TestType ALL = new TestType(List.of(SIZE, LOUD, WAIT),
            v -> new Opts(v.get(SIZE), v.get(LOUD), v.get(WAIT)));

    private static CameraConfig camera(String key, Map<String, Object> options) {
        return new CameraConfig("c", null, "test", key, null, options, null, null, null, null);
    }

    @Test
    void absentOptionsTakeTheirDefaultsAndTheReferenceShowsThoseDefaults() {
        assertEquals(new Opts(3, false, Duration.ofMillis(1500)), ALL.parse(camera(null, Map.of())));
        assertEquals(List.of("3", "false", "1500ms"), ALL.options().stream().map(CameraOption::defaultValue).toList());
        assertEquals(new Opts(9, true, Duration.ofMinutes(2)), ALL.parse(camera(null, Map.of("size", 9, "loud", true, "wait", "2m"))));
    }

    @Test
    void aWrongValueIsRefusedWithTheOptionsPathAndTheSameWordsAsBefore() {
        BadSetting size = assertThrows(BadSetting.class, () -> ALL.parse(camera(null, Map.of("size", 10))));
        assertEquals(List.of("options", "size"), size.path());
        assertEquals("camera 'c': options.size must be a whole number from 1 to 9", size.getMessage());
        assertEquals("camera 'c': options.size must be a whole number from 1 to 9",
                assertThrows(BadSetting.class, () -> ALL.parse(camera(null, Map.of("size", "3")))).getMessage());
        assertEquals("camera 'c': options.loud must be true or false",
                assertThrows(BadSetting.class, () -> ALL.parse(camera(null, Map.of("loud", "yes")))).getMessage());
        assertEquals("camera 'c': options.wait: must be above 0",
                assertThrows(BadSetting.class, () -> ALL.parse(camera(null, Map.of("wait", "0s")))).getMessage());
        assertTrue(assertThrows(BadSetting.class, () -> ALL.parse(camera(null, Map.of("wait", "soon")))).getMessage()
                .startsWith("camera 'c': options.wait: 'soon' is not a duration"));
    }

    @Test
    void unknownOptionsAreRefusedFirstThenTheFieldsThenTheOptions() {
        BadSetting unknown = assertThrows(BadSetting.class, () -> ALL.parse(camera("k", Map.of("sise", 1, "size", 99))));
        assertEquals("camera 'c': unknown option 'sise' (type test takes size, loud, wait)", unknown.getMessage());
        assertEquals(List.of("options", "sise"), unknown.path());
        assertEquals("no key", assertThrows(BadSetting.class, () -> ALL.parse(camera("k", Map.of("size", 99)))).getMessage());
    }

    @Test
    void aTypeCannotDeclareAnOptionItNeverReadsNorReadOneItDoesNotDeclare() {
        TestType forgets = new TestType(List.of(SIZE, LOUD, WAIT), v -> new Opts(v.get(SIZE), false, v.get(WAIT)));
        assertEquals("camera type test declares option 'loud' but never reads it",
                assertThrows(IllegalStateException.class, () -> forgets.parse(camera(null, Map.of()))).getMessage());
        TestType undeclared = new TestType(List.of(SIZE), v -> new Opts(v.get(SIZE), v.get(LOUD), null));
        assertEquals("camera type test reads option 'loud' it does not declare",
                assertThrows(IllegalStateException.class, () -> undeclared.parse(camera(null, Map.of()))).getMessage());
    }

    @Test
    void everyRealTypeReadsWhatItDeclaresWithNamesUnique() {
        for (CameraType<?> type : CameraTypes.all()) {
            List<String> names = type.options().stream().map(CameraOption::name).toList();
            assertEquals(names.size(), new HashSet<>(names).size(), type.name() + " declares an option twice: " + names);
            boolean dialled = names.contains("connect_timeout");
            CameraConfig config = new CameraConfig("c", null, type.name(), dialled ? null : "12345678",
                    dialled ? "ws://127.0.0.1:9/x" : null, Map.of(), null, null, null, null);
            type.parse(config); // throws if a declared option is not read
        }
    }
}
