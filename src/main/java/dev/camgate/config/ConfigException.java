package dev.camgate.config;

/** A configuration problem, already phrased for a person: "camgate.yaml:12:5: cameras[1].type: ...". */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
