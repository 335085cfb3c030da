package dev.camgate.metrics;

import dev.camgate.camera.CameraInfo;
import dev.camgate.camera.CameraRegistry;
import dev.camgate.camera.RelayInfo;
import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.room.Rooms;
import dev.camgate.signaling.SignalingStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;

/**
 * Prometheus metrics. Every value is read, at scrape time, from counters the hub keeps anyway, so
 * measuring adds nothing to the message path.
 */
public final class Metrics {
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public Metrics(SignalingStats stats, Rooms rooms, CameraRegistry cameras) {
        GaugeWithCallback.builder().name("camgate_connections").help("Open WebSocket connections by kind")
                .labelNames("kind").callback(cb -> {
                    cb.call(stats.openConnections(), "signaling");
                    cb.call(stats.p2pPages(), "p2p_page");
                }).register(registry);
        Histogram relayTime = Histogram.builder().name("camgate_relay_seconds")
                .help("Time the hub spends on one relayed message, from the frame read to the hand-over to the other side")
                .classicUpperBounds(0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
                .register(registry);
        stats.onRelayTime(nanos -> relayTime.observe(nanos / 1e9));
        GaugeWithCallback.builder().name("camgate_rooms").help("Plain Ayame rooms in use")
                .callback(cb -> cb.call(rooms.plainRoomCount())).register(registry);
        GaugeWithCallback.builder().name("camgate_cameras").help("Cameras by status").labelNames("status")
                .callback(cb -> {
                    int[] counts = new int[CameraInfo.Status.values().length];
                    cameras.list().forEach(c -> counts[c.status().ordinal()]++);
                    for (CameraInfo.Status s : CameraInfo.Status.values()) {
                        cb.call(counts[s.ordinal()], s.wire());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("camgate_viewers").help("Viewers watching each camera").labelNames("camera")
                .callback(cb -> cameras.list().forEach(c -> cb.call(c.viewers(), c.id()))).register(registry);
        CounterWithCallback.builder().name("camgate_messages_relayed").help("Offers, answers and candidates relayed")
                .callback(cb -> cb.call(stats.relayedMessages())).register(registry);
        CounterWithCallback.builder().name("camgate_protocol_errors").help("Connections closed for breaking the protocol")
                .callback(cb -> cb.call(stats.protocolErrors())).register(registry);
        CounterWithCallback.builder().name("camgate_rejects").help("Registrations refused, by reason").labelNames("reason")
                .callback(cb -> stats.rejectsByReason().forEach((reason, n) -> cb.call(n, reason))).register(registry);
        CounterWithCallback.builder().name("camgate_camera_dials").help("Upstream sockets opened to dialled cameras")
                .labelNames("camera").callback(cb -> cameras.each(DialledCamera.class, c -> cb.call(c.dials(), c.id())))
                .register(registry);
        CounterWithCallback.builder().name("camgate_camera_dial_failures").help("Dials that did not reach the camera")
                .labelNames("camera").callback(cb -> cameras.each(DialledCamera.class, c -> cb.call(c.dialFailures(), c.id())))
                .register(registry);
        relayMetrics(cameras);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        GaugeWithCallback.builder().name("camgate_jvm_memory_bytes").help("JVM memory")
                .labelNames("area", "kind").callback(cb -> {
                    report(cb, "heap", memory.getHeapMemoryUsage());
                    report(cb, "nonheap", memory.getNonHeapMemoryUsage());
                }).register(registry);
    }

    /** The media port as a whole: what strangers sent it, and what it could not send. Read off its loop: figures only. */
    public void mediaPort(dev.camgate.media.transport.MediaPort port) {
        CounterWithCallback.builder().name("camgate_media_dropped_packets")
                .help("Datagrams on the media port that belonged to no session, by why").labelNames("why")
                .callback(cb -> {
                    var s = port.stats();
                    cb.call(s.junk, "not_webrtc");
                    cb.call(s.unknownSource, "unknown_source");
                    cb.call(s.stunRefused, "stun_refused");
                }).register(registry);
        CounterWithCallback.builder().name("camgate_media_stun_answered").help("ICE checks answered")
                .callback(cb -> cb.call(port.stats().stunAnswered)).register(registry);
        CounterWithCallback.builder().name("camgate_media_send_refused")
                .help("Packets not sent because the media port's send queue was full")
                .callback(cb -> cb.call(port.stats().writeFailures)).register(registry);
        GaugeWithCallback.builder().name("camgate_media_sessions").help("Peer sessions on the media port")
                .callback(cb -> cb.call(port.sessionCount())).register(registry);
    }

    /** Recorded cameras and what the recordings take; deletions by what made them (age, budget, free space). */
    public void recordings(dev.camgate.recording.Recordings recordings) {
        GaugeWithCallback.builder().name("camgate_recording_bytes").help("Disk space all recordings take")
                .callback(cb -> cb.call(recordings.retention().bytes())).register(registry);
        GaugeWithCallback.builder().name("camgate_recording_files").help("Recording files on disk")
                .callback(cb -> cb.call(recordings.retention().segments())).register(registry);
        CounterWithCallback.builder().name("camgate_recording_deleted_files")
                .help("Recording files deleted, by the rule that deleted them: age (retention), budget, free_space (min_free)")
                .labelNames("reason").callback(cb -> {
                    var r = recordings.retention();
                    cb.call(r.deletedForAge(), "age");
                    cb.call(r.deletedForBudget(), "budget");
                    cb.call(r.deletedForFreeSpace(), "free_space");
                }).register(registry);
        GaugeWithCallback.builder().name("camgate_recording_space_short")
                .help("1 while recording is paused because the disk is below min_free and nothing is left to delete")
                .callback(cb -> cb.call(recordings.retention().spaceShort() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("camgate_recording_active")
                .help("1 while a recorded camera is being written to disk, 0 while it waits for the camera or is stopped")
                .labelNames("camera").callback(cb -> recordings.statuses().forEach((id, st) ->
                        cb.call(dev.camgate.recording.RecordingStatus.RECORDING.equals(st.state()) ? 1 : 0, id))).register(registry);
        CounterWithCallback.builder().name("camgate_recording_pictures").help("Pictures written to disk").labelNames("camera")
                .callback(cb -> recordings.statuses().forEach((id, st) -> cb.call(st.pictures(), id))).register(registry);
        CounterWithCallback.builder().name("camgate_recording_dropped_pictures")
                .help("Pictures not recorded: lost on the way, behind a slow disk, or while recording was stopped").labelNames("camera")
                .callback(cb -> recordings.statuses().forEach((id, st) -> cb.call(st.dropped(), id))).register(registry);
        CounterWithCallback.builder().name("camgate_recording_written_bytes").help("Bytes of recordings written").labelNames("camera")
                .callback(cb -> recordings.statuses().forEach((id, st) -> cb.call(st.bytesWritten(), id))).register(registry);
    }

    /** Relayed cameras: what arrives from each camera, and what each viewer gets (RelayInfo, refreshed each second). */
    private void relayMetrics(CameraRegistry cameras) {
        relayGauge(cameras, "camgate_relay_ingest_bitrate", "Bits per second arriving from a relayed camera", RelayInfo::bitrate);
        relayGauge(cameras, "camgate_relay_frame_rate", "Frames per second arriving from a relayed camera", RelayInfo::frameRate);
        relayGauge(cameras, "camgate_relay_keyframe_interval_seconds", "Time between a relayed camera's last two keyframes",
                r -> r.keyframeIntervalMillis() / 1000.0);
        relayCounter(cameras, "camgate_relay_packets", "RTP packets received from a relayed camera", RelayInfo::packets);
        relayCounter(cameras, "camgate_relay_lost_packets", "Packets from a relayed camera that never arrived, even when asked again", RelayInfo::lost);
        relayCounter(cameras, "camgate_relay_nacks_sent", "Packets camgate asked a relayed camera to send again", RelayInfo::nacksSent);
        relayCounter(cameras, "camgate_relay_keyframe_requests", "Keyframe requests (PLI) camgate sent a relayed camera", RelayInfo::keyframeRequests);
        relayCounter(cameras, "camgate_relay_keyframes", "Keyframes received from a relayed camera", RelayInfo::keyframes);
        viewerMetric(cameras, true, "camgate_relay_viewer_bitrate", "Bits per second camgate sends one viewer", v -> v.bitrate());
        viewerMetric(cameras, true, "camgate_relay_viewer_loss_ratio", "The loss a viewer reports (RTCP fraction lost)", v -> v.fractionLost() / 256.0);
        viewerMetric(cameras, false, "camgate_relay_viewer_packets", "RTP packets camgate sent one viewer", v -> v.packets());
        viewerMetric(cameras, false, "camgate_relay_viewer_nacks_answered", "Packets resent to a viewer from camgate's cache", v -> v.nacksAnswered());
        viewerMetric(cameras, false, "camgate_relay_viewer_queue_drops", "Packets not sent to a viewer that fell behind", v -> v.drops());
    }

    private void relayGauge(CameraRegistry cameras, String name, String help, java.util.function.ToDoubleFunction<RelayInfo> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("camera")
                .callback(cb -> cameras.list().forEach(c -> {
                    if (c.relay() != null) {
                        cb.call(value.applyAsDouble(c.relay()), c.id());
                    }
                })).register(registry);
    }

    private void relayCounter(CameraRegistry cameras, String name, String help, java.util.function.ToDoubleFunction<RelayInfo> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("camera")
                .callback(cb -> cameras.list().forEach(c -> {
                    if (c.relay() != null) {
                        cb.call(value.applyAsDouble(c.relay()), c.id());
                    }
                })).register(registry);
    }

    private void viewerMetric(CameraRegistry cameras, boolean gauge, String name, String help,
                              java.util.function.ToDoubleFunction<RelayInfo.Viewer> value) {
        java.util.function.Consumer<java.util.function.BiConsumer<Double, String[]>> each = out -> cameras.list().forEach(c -> {
            if (c.relay() != null) {
                for (RelayInfo.Viewer v : c.relay().viewers()) {
                    out.accept(value.applyAsDouble(v), new String[] {c.id(), v.id()});
                }
            }
        });
        if (gauge) {
            GaugeWithCallback.builder().name(name).help(help).labelNames("camera", "viewer")
                    .callback(cb -> each.accept((v, labels) -> cb.call(v, labels))).register(registry);
        } else {
            CounterWithCallback.builder().name(name).help(help).labelNames("camera", "viewer")
                    .callback(cb -> each.accept((v, labels) -> cb.call(v, labels))).register(registry);
        }
    }

    private static void report(GaugeWithCallback.Callback cb, String area, MemoryUsage usage) {
        cb.call(usage.getUsed(), area, "used");
        cb.call(usage.getCommitted(), area, "committed");
        if (usage.getMax() > 0) {
            cb.call(usage.getMax(), area, "max");
        }
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
