package dev.camgate.camera;

import dev.camgate.config.CameraConfig;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.function.Consumer;

/**
 * One kind of camera (the config's {@code type}): its name, its summary and its options, declared once in
 * the subclass's constructor, and how it reads them and builds the camera. Adding a camera kind means one
 * package with one of these. Immutable and shared by every camera of the kind.
 *
 * @param <O> the type's options once read: a record built from the {@link CameraOption}s it declares
 */
public abstract class CameraType<O> {
    /** The options of a type that takes none. */
    public record NoOptions() {
    }

    private final String name;
    private final String summary;
    private final Consumer<CameraConfig> fieldCheck;
    private final List<CameraOption<?>> options;

    /**
     * @param fieldCheck checks the fields other than {@code options} ({@code key}, {@code url}); its
     *                   IllegalArgumentException names the field that is wrong
     * @param options    every option the type reads, in the order of the reference; {@link #read} reads each
     */
    protected CameraType(String name, String summary, Consumer<CameraConfig> fieldCheck, List<CameraOption<?>> options) {
        this.name = name;
        this.summary = summary;
        this.fieldCheck = fieldCheck;
        this.options = List.copyOf(options);
    }

    /** The value of {@code type} in the config. */
    public final String name() {
        return name;
    }

    /** One sentence for the configuration reference: what camera this is and how it connects. */
    public final String summary() {
        return summary;
    }

    /** Its {@code options}, with defaults, for the configuration reference. */
    public final List<CameraOption<?>> options() {
        return options;
    }

    /**
     * Checks the camera's fields and reads its options: an unknown option is refused first, then the fields,
     * then each option in the order {@link #read} reads them.
     *
     * @throws IllegalArgumentException naming what is wrong, a {@link dev.camgate.config.BadSetting} with its
     *                                  path when it is one setting, for the loader's file:line
     */
    public final O parse(CameraConfig config) {
        CameraOption.refuseUnknown(config, options);
        fieldCheck.accept(config);
        OptionValues values = new OptionValues(name, config, options);
        O parsed = read(values);
        values.checkAllRead();
        return parsed;
    }

    /** {@link #parse}, for the config check that builds nothing. */
    public final void validate(CameraConfig config) {
        parse(config);
    }

    /**
     * Parses the config, builds the camera from it on the next of the hub's loops (its state lives there for
     * the camera's whole life), and starts it.
     */
    public final Camera build(CameraConfig config, CameraContext context) {
        Camera camera = create(config, parse(config), context, context.loops().next());
        camera.start();
        return camera;
    }

    /** The options record, from {@code values.get(OPTION)} for each declared option. */
    protected abstract O read(OptionValues values);

    /**
     * Builds the camera from a config whose options were parsed into {@code options}; it must not schedule or
     * publish itself before {@link Camera#start}.
     *
     * @param loop the event loop the camera's state is confined to
     */
    protected abstract Camera create(CameraConfig config, O options, CameraContext context, EventLoop loop);
}
