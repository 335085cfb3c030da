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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/** Reads camgate.yaml into a {@link Config}; every failure becomes one {@link ConfigException} naming file, line and problem. */
public final class ConfigLoader {
    /** Deeper than any setting (auth.users[0].rights.porch[0] is 6), shallow enough that nothing nests a bomb. */
    static final int MAX_DEPTH = 24;
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            // Last-one-wins would let a pasted "auth: none" further down switch access control off.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(TextLimits.MAX_BYTES).maxNameLength(TextLimits.MAX_LINE).build())
            // The buffer holds the whole file: SnakeYAML Engine 3.0.1 throws IndexOutOfBoundsException when a
            // character outside the BMP (an emoji in a comment) straddles the end of its buffer (1024 by default).
            .loadSettings(LoadSettings.builder().setBufferSize(TextLimits.MAX_BYTES + 2)
                    .setCodePointLimit(TextLimits.MAX_BYTES + 1).setMaxAliasesForCollections(0)
                    .setAllowRecursiveKeys(false).setAllowDuplicateKeys(false).setUseMarks(true).build())
            .build();
    private static final YAMLMapper YAML = YAMLMapper.builder(FACTORY)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "rights: {porch: view}" and "trusted_proxies: 10.0.0.1" read like their one-element lists.
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .addModule(new SimpleModule("camgate-durations").addDeserializer(Duration.class, new DurationDeserializer())
                    .addDeserializer(ByteSize.class, new ByteSizeDeserializer()))
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
            if (Files.size(file) > TextLimits.MAX_BYTES) {
                throw new ConfigException(file + ": " + TextLimits.tooLarge(Files.size(file)));
            }
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
        String tooBig = TextLimits.check(yaml);
        if (tooBig != null) {
            throw new ConfigException(sourceName + tooBig);
        }
        Config config;
        try {
            if (isEmpty(yaml, sourceName)) {
                return Config.defaults();
            }
            config = YAML.readValue(yaml, Config.class);
        } catch (JacksonException e) {
            throw new ConfigException(describe(e, sourceName, yaml));
        } catch (RuntimeException e) {
            if (e instanceof ConfigException) {
                throw e;
            }
            // A bug in the YAML reader must still end in one line and exit 2, not a stack trace.
            throw new ConfigException(sourceName + ": camgate's YAML reader failed on this file; please report it (" + e + ")", e);
        }
        if (config == null) {
            return Config.defaults();
        }
        for (int i = 0; i < config.cameras().size(); i++) {
            try {
                cameraCheck.accept(config.cameras().get(i));
            } catch (IllegalArgumentException e) {
                List<Object> at = new ArrayList<>(List.of("cameras", i));
                String where = e instanceof BadSetting b ? locate(yaml, with(at, b.path())) : "";
                throw new ConfigException(sourceName + (where.isEmpty() ? locate(yaml, at) : where) + ": cameras[" + i + "]: " + e.getMessage());
            }
        }
        return config;
    }

    /**
     * Reads every token once before binding: true if there are none (blank, or only comments: the same as no
     * file). Duplicate keys and too deep nesting fail here, in the parser; anchors, aliases and a second
     * document are refused because Jackson would quietly read an alias as its name and drop the document.
     */
    private static boolean isEmpty(String yaml, String sourceName) {
        try (JsonParser p = YAML.createParser(yaml)) {
            YAMLParser y = (YAMLParser) p;
            int roots = 0;
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (y.isCurrentAlias() || y.getObjectId() != null) {
                    TokenStreamLocation at = p.currentTokenLocation();
                    throw new ConfigException(sourceName + ":" + at.getLineNr() + ":" + at.getColumnNr()
                            + ": YAML anchors and aliases (&name, *name) are not accepted in camgate's config: write the value out");
                }
                if (depth == 0 && (t.isScalarValue() || t.isStructStart()) && ++roots > 1) {
                    throw new ConfigException(sourceName + ":" + p.currentTokenLocation().getLineNr()
                            + ": a second YAML document ('---') starts here; camgate's config is one document");
                }
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
            }
            return roots == 0;
        }
    }

    private static List<Object> with(List<Object> base, List<Object> more) {
        List<Object> all = new ArrayList<>(base);
        all.addAll(more);
        return all;
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
        if (e.getCause() instanceof MarkedYamlEngineException m && m.getProblemMark().isPresent()) {
            Mark at = m.getProblemMark().get();
            out.append(':').append(at.getLine() + 1).append(':').append(at.getColumn() + 1).append(": ").append(syntax(m));
            return out.toString();
        }
        TokenStreamLocation where = e.getLocation();
        List<Object> steps = new ArrayList<>();
        if (e instanceof DatabindException) {
            for (JacksonException.Reference ref : e.getPath()) {
                steps.add(ref.getPropertyName() != null ? ref.getPropertyName() : (Object) ref.getIndex());
            }
        }
        String exact = e instanceof ValueInstantiationException && e.getCause() instanceof BadSetting b
                ? locate(yaml, with(steps, b.path())) : "";
        if (!exact.isEmpty()) {
            out.append(exact);
        } else if (e instanceof UnrecognizedPropertyException || where == null || where.getLineNr() <= 0) {
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

    /** SnakeYAML's problem ("found character '\t' that cannot start any token") first, its context after. */
    private static String syntax(MarkedYamlEngineException m) {
        String problem = m.getProblem() == null ? "not valid YAML" : m.getProblem().strip();
        if (m.getContext() == null || m.getContext().isBlank()) {
            return "not valid YAML: " + problem;
        }
        String line = m.getContextMark().map(c -> " at line " + (c.getLine() + 1)).orElse("");
        return "not valid YAML: " + problem + " (" + m.getContext().strip() + line + ")";
    }

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");

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
        if (e instanceof StreamConstraintsException) {
            return "nested deeper than " + MAX_DEPTH + " levels; no camgate setting is deeper than 6";
        }
        String msg = e.getOriginalMessage();
        Matcher dup = DUPLICATE.matcher(msg == null ? "" : msg);
        if (dup.lookingAt()) {
            return "'" + dup.group(1) + "' is set twice in the same block; camgate refuses rather than let the last one silently win";
        }
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

    private static final class ByteSizeDeserializer extends ValueDeserializer<ByteSize> {
        @Override
        public ByteSize deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = p.currentToken() == JsonToken.VALUE_STRING ? p.getString() : p.getValueAsString();
            try {
                return ByteSize.parse(text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), text, ByteSize.class);
            }
        }
    }
}
