package dev.camgate.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies of the config records through their canonical constructors, so that a new setting is one record
 * component (and its default in the constructor) rather than one more argument in every copy method. The
 * copy passes the same checks as a record read from the file.
 */
final class Records {
    private Records() {
    }

    /** The record with every component left out: what its constructor makes of an empty block. */
    static <R extends Record> R ofNulls(Class<R> type) {
        return construct(type, new Object[type.getRecordComponents().length]);
    }

    /**
     * A copy of {@code record} with the named components replaced (a null value: the default).
     *
     * @throws IllegalArgumentException the constructor's refusal of the new values ({@link BadSetting})
     * @throws IllegalStateException    when a name is not a component of the record (a bug in the caller)
     */
    @SuppressWarnings("unchecked")
    static <R extends Record> R with(R record, Map<String, ?> changes) {
        Class<R> type = (Class<R>) record.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Object> left = new HashMap<>(changes);
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            try {
                values[i] = left.containsKey(name) ? left.remove(name) : components[i].getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + name, e);
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException(type.getSimpleName() + " has no component " + left.keySet());
        }
        return construct(type, values);
    }

    private static <R extends Record> R construct(Class<R> type, Object[] values) {
        Class<?>[] shape = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(shape);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException refused) {
                throw refused;
            }
            throw new IllegalStateException("the constructor of " + type.getSimpleName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a " + type.getSimpleName(), e);
        }
    }
}
