package dev.camgate.camera;

import dev.camgate.config.CameraConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Every camera the hub knows: the configured ones, fixed at start, and ad-hoc browser cameras that exist
 * while they are connected. Ad-hoc changes happen under this object's lock, which is always taken before a
 * camera's own lock, never after.
 */
public final class CameraRegistry {
    private final Map<String, Camera> configured;
    private final Map<String, Camera> adhoc = new LinkedHashMap<>();

    private CameraRegistry(Map<String, Camera> configured) {
        this.configured = configured;
    }

    /** @throws IllegalArgumentException naming the camera whose config is wrong */
    public static CameraRegistry create(List<CameraConfig> cameras, CameraContext context) {
        return create(cameras, context, null);
    }

    /**
     * @param relay how cameras with {@code relay: true} are wrapped to have camgate carry their video; null
     *              when there is no media plane
     */
    public static CameraRegistry create(List<CameraConfig> cameras, CameraContext context, UnaryOperator<Camera> relay) {
        Map<String, Camera> built = new LinkedHashMap<>();
        for (CameraConfig config : cameras) {
            Camera camera = CameraTypes.of(config).build(config, context);
            built.put(config.id(), config.relay() && relay != null ? relay.apply(camera) : camera);
        }
        return new CameraRegistry(Collections.unmodifiableMap(built));
    }

    public synchronized Camera find(String id) {
        Camera camera = configured.get(id);
        return camera != null ? camera : adhoc.get(id);
    }

    /**
     * Runs {@code action} with the ad-hoc camera for {@code id}, creating it with {@code factory} if there is
     * none, all under the registry lock so that a camera leaving at the same moment cannot orphan it.
     */
    public synchronized <T> T withAdhoc(String id, Supplier<Camera> factory, BiFunction<Camera, Boolean, T> action) {
        Camera camera = adhoc.get(id);
        boolean created = camera == null;
        if (created) {
            camera = factory.get();
            adhoc.put(id, camera);
        }
        T result = action.apply(camera, created);
        if (created && camera instanceof DialInCamera d && !d.isConnected()) {
            adhoc.remove(id);
        }
        return result;
    }

    /** Forgets an ad-hoc camera once its camera has left, unless another connection took the seat meanwhile. */
    public synchronized void removeIfIdle(DialInCamera camera) {
        if (adhoc.get(camera.id()) == camera && !camera.isConnected()) {
            adhoc.remove(camera.id());
        }
    }

    public synchronized List<CameraInfo> list() {
        List<CameraInfo> out = new ArrayList<>(configured.size() + adhoc.size());
        for (Camera c : configured.values()) {
            out.add(c.info());
        }
        for (Camera c : adhoc.values()) {
            out.add(c.info());
        }
        return out;
    }

    /** Runs {@code action} for every camera of the given kind (for metrics). */
    public synchronized <T extends Camera> void each(Class<T> kind, java.util.function.Consumer<T> action) {
        for (Camera c : configured.values()) {
            if (kind.isInstance(c)) {
                action.accept(kind.cast(c));
            }
        }
        for (Camera c : adhoc.values()) {
            if (kind.isInstance(c)) {
                action.accept(kind.cast(c));
            }
        }
    }

    public synchronized void closeAll() {
        configured.values().forEach(Camera::close);
        new ArrayList<>(adhoc.values()).forEach(Camera::close);
        adhoc.clear();
    }
}
