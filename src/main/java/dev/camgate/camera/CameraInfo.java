package dev.camgate.camera;

import java.time.Instant;

/** A camera as /api/cameras shows it (docs/protocol.md). */
public record CameraInfo(String id, String name, String type, Status status, int viewers, boolean multiViewer,
                         boolean adhoc, Instant lastSeen, String lastError,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) RelayInfo relay,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) dev.camgate.recording.RecordingStatus recording) {

    public CameraInfo(String id, String name, String type, Status status, int viewers, boolean multiViewer,
                      boolean adhoc, Instant lastSeen, String lastError) {
        this(id, name, type, status, viewers, multiViewer, adhoc, lastSeen, lastError, null, null);
    }

    public enum Status {
        ONLINE("online"), IN_USE("in-use"), OFFLINE("offline");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return wire;
        }
    }
}
