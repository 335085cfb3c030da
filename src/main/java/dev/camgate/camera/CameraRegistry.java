package dev.camgate.camera;

import dev.camgate.config.CameraConfig;
import dev.camgate.protocol.Admission;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Every camera the hub knows: the configured ones, fixed at start, and ad-hoc browser cameras that exist
 * while they are connected. Safe from any thread without a lock: the configured map never changes, the
 * ad-hoc one is a concurrent map, and each camera guards its own state on its own loop.
 */
public final class CameraRegistry {
    private final Map<String, Camera> configured;
    private final EventLoopGroup loops;
    private final ConcurrentMap<String, Adhoc> adhoc = new ConcurrentHashMap<>();
    private final AtomicLong joined = new AtomicLong();

    /**
     * An ad-hoc camera, when it joined (the list shows them in that order), and how many seats are on their way
     * to it: it leaves the registry only with its seat empty and none on the way, so a connection taking the
     * seat while the last one leaves never ends up on a camera no viewer can find.
     */
    private record Adhoc(DialInCamera camera, long order, AtomicInteger arriving) {
    }

    private CameraRegistry(Map<String, Camera> configured, EventLoopGroup loops) {
        this.configured = configured;
        this.loops = loops;
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
        return new CameraRegistry(Collections.unmodifiableMap(built), context.loops());
    }

    public Camera find(String id) {
        Camera camera = configured.get(id);
        if (camera != null) {
            return camera;
        }
        Adhoc entry = adhoc.get(id);
        return entry == null ? null : entry.camera();
    }

    /**
     * Seats a connection on the ad-hoc camera for {@code id}: {@code seat} is run with the camera, which
     * {@code create} makes on one of the hub's loops if there is none. A camera whose seat stays empty once
     * {@code seat}'s admission is decided (a refused register) is forgotten again.
     */
    public Admission withAdhoc(String id, Function<EventLoop, DialInCamera> create, Function<DialInCamera, Admission> seat) {
        Adhoc entry = adhoc.compute(id, (key, present) -> {
            Adhoc got = present;
            if (got == null) {
                DialInCamera camera = create.apply(loops.next());
                camera.start();
                got = new Adhoc(camera, joined.incrementAndGet(), new AtomicInteger());
            }
            got.arriving().incrementAndGet();
            return got;
        });
        Admission admission;
        try {
            admission = seat.apply(entry.camera());
        } catch (RuntimeException e) {
            arrived(entry);
            throw e;
        }
        if (admission instanceof Admission.Pending pending) {
            // Completed on the camera's loop after the seat is taken (or not): the count drops after that.
            pending.decision().whenComplete((decided, failure) -> arrived(entry));
        } else {
            arrived(entry);
        }
        return admission;
    }

    private void arrived(Adhoc entry) {
        entry.arriving().decrementAndGet();
        removeIfIdle(entry.camera());
    }

    /** Forgets an ad-hoc camera once its camera has left, unless a connection holds or is taking the seat. */
    public void removeIfIdle(DialInCamera camera) {
        // The count is read before the seat: a seat taken by an arrival is visible once its count has dropped.
        adhoc.computeIfPresent(camera.id(), (id, entry) ->
                entry.camera() == camera && entry.arriving().get() == 0 && !camera.isConnected() ? null : entry);
    }

    public List<CameraInfo> list() {
        List<CameraInfo> out = new ArrayList<>(configured.size() + adhoc.size());
        for (Camera c : configured.values()) {
            out.add(c.info());
        }
        for (Camera c : adhocInOrder()) {
            out.add(c.info());
        }
        return out;
    }

    /** Runs {@code action} for every camera of the given kind (for metrics). */
    public <T extends Camera> void each(Class<T> kind, Consumer<T> action) {
        for (Camera c : configured.values()) {
            if (kind.isInstance(c)) {
                action.accept(kind.cast(c));
            }
        }
        for (Camera c : adhocInOrder()) {
            if (kind.isInstance(c)) {
                action.accept(kind.cast(c));
            }
        }
    }

    private List<Camera> adhocInOrder() {
        if (adhoc.isEmpty()) {
            return List.of();
        }
        List<Adhoc> entries = new ArrayList<>(adhoc.values());
        entries.sort(Comparator.comparingLong(Adhoc::order));
        List<Camera> cameras = new ArrayList<>(entries.size());
        entries.forEach(e -> cameras.add(e.camera()));
        return cameras;
    }

    public void closeAll() {
        configured.values().forEach(Camera::close);
        for (Camera c : adhocInOrder()) {
            c.close();
        }
        adhoc.clear();
    }
}
