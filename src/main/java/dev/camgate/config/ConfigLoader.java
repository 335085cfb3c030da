package dev.camgate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads camgate.yaml into a {@link Config}; every failure becomes one {@link ConfigException} naming file, line and problem. */
public final class ConfigLoader {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "rights: {porch: view}" and "trusted_proxies: 10.0.0.1" read like their one-element lists.
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .addModule(new SimpleModule("camgate-durations").addDeserializer(Duration.class, new DurationDeserializer()))
            .build();

    private ConfigLoader() {
    }

    public static Config load(Path file) {
        return load(file, camera -> {
        });
    }

    /** @param cameraCheck checks each camera's type-specific fields; its IllegalArgumentException names the problem */
    public static Config load(Path file, Consumer<CameraConfig> cameraCheck) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString(), cameraCheck);
    }

    public static Config parse(String yaml, String sourceName) {
        return parse(yaml, sourceName, camera -> {
        });
    }

    public static Config parse(String yaml, String sourceName, Consumer<CameraConfig> cameraCheck) {
        if (isEmpty(yaml)) {
            return Config.defaults();
        }
        Config config;
        try {
            config = YAML.readValue(yaml, Config.class);
        } catch (JacksonException e) {
            throw new ConfigException(describe(e, sourceName, yaml));
        }
        if (config == null) {
            return Config.defaults();
        }
        for (int i = 0; i < config.cameras().size(); i++) {
            try {
                cameraCheck.accept(config.cameras().get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(sourceName + locate(yaml, List.of("cameras", i)) + ": cameras[" + i + "]: " + e.getMessage());
            }
        }
        return config;
    }

    /** Blank, or only comments: the same as no file. */
    private static boolean isEmpty(String yaml) {
        try (JsonParser p = YAML.createParser(yaml)) {
            return p.nextToken() == null;
        } catch (JacksonException e) {
            return false; // let the real parse report it
        }
    }

    /**
     * ":line:column" of the value at {@code path} (property names and list indexes from the top), or "" if
     * it cannot be found. Jackson gives no location for some errors (an unknown setting of a record, a
     * check run after binding), so we walk the file's tokens ourselves.
     */
    static String locate(String yaml, List<Object> path) {
        try (JsonParser p = YAML.createParser(yaml)) {
            p.nextToken();
            TokenStreamLocation at = descend(p, path, 0);
            return at == null || at.getLineNr() <= 0 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
        } catch (JacksonException e) {
            return "";
        }
    }

    private static TokenStreamLocation descend(JsonParser p, List<Object> path, int depth) {
        if (depth == path.size()) {
            return p.currentTokenLocation();
        }
        Object step = path.get(depth);
        if (p.currentToken() == JsonToken.START_OBJECT && step instanceof String name) {
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean match = p.currentName().equals(name);
                if (match && depth + 1 == path.size()) {
                    return p.currentTokenLocation(); // point at the setting's name
                }
                p.nextToken();
                if (match) {
                    return descend(p, path, depth + 1);
                }
                p.skipChildren();
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY && step instanceof Integer index) {
            int i = 0;
            for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (i++ == index) {
                    return descend(p, path, depth + 1);
                }
                p.skipChildren();
            }
        }
        return null;
    }

    private static String describe(JacksonException e, String sourceName, String yaml) {
        StringBuilder out = new StringBuilder(sourceName);
        TokenStreamLocation where = e.getLocation();
        List<Object> steps = new ArrayList<>();
        if (e instanceof DatabindException) {
            for (JacksonException.Reference ref : e.getPath()) {
                steps.add(ref.getPropertyName() != null ? ref.getPropertyName() : (Object) ref.getIndex());
            }
        }
        if (e instanceof UnrecognizedPropertyException || where == null || where.getLineNr() <= 0) {
            out.append(locate(yaml, steps));
        } else {
            out.append(':').append(where.getLineNr()).append(':').append(where.getColumnNr());
        }
        out.append(": ");
        String path = e instanceof DatabindException d ? path(d) : "";
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        out.append(problem(e));
        return out.toString();
    }

    private static String problem(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown setting '" + u.getPropertyName() + "'";
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException iae) {
            return iae.getMessage();
        }
        if (e instanceof InvalidFormatException f) {
            return f.getOriginalMessage().split("\n")[0];
        }
        String msg = e.getOriginalMessage();
        return msg == null ? e.getClass().getSimpleName() : msg.split("\n")[0];
    }

    private static String path(DatabindException e) {
        StringBuilder p = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!p.isEmpty()) {
                    p.append('.');
                }
                p.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                p.append('[').append(ref.getIndex()).append(']');
            }
        }
        return p.toString();
    }

    private static final class DurationDeserializer extends ValueDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = p.currentToken() == JsonToken.VALUE_STRING ? p.getString() : p.getValueAsString();
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
            }
        }
    }
}
