package dev.camgate.browser;

import dev.camgate.testing.TestHub;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the relayed-video tests share: opening the camera and viewer pages, reading a viewer's decoder figures,
 * and reading camgate's own figures for the relayed camera ({@code relay} of /api/cameras/ID).
 */
final class RelayPages {
    static final Duration LIVE = Duration.ofSeconds(20);
    static final String VIEWER_PC = "window.camgate.session.pc";
    static final String VIEWER_VIDEO = "document.getElementById('remote-video')";

    private RelayPages() {
    }

    static String publish(Browser browser, String base, String camera, String key) {
        String tab = browser.open(base + "/publish?camera=" + camera + "&key=" + key + "&autostart=1");
        browser.waitFor("the publish page of '" + camera + "' to be live", "window.camgate.publisher.state === 'live'", LIVE);
        return tab;
    }

    static String view(Browser browser, String base, String camera, String extra) {
        String tab = browser.open(base + "/view?camera=" + camera + extra);
        browser.waitFor("the viewer of '" + camera + "' to be live", "window.camgate.session.state === 'live'", LIVE);
        return tab;
    }

    /** The video decoder's figures in a viewer tab, at the stats report's own time. */
    record Decoded(long frames, long keyFrames, double timestampMillis, long pliCount, long nackCount) {
        /** Frames per second decoded between {@code earlier} and this. */
        double rateSince(Decoded earlier) {
            double seconds = (timestampMillis - earlier.timestampMillis) / 1000;
            return seconds <= 0 ? 0 : (frames - earlier.frames) / seconds;
        }
    }

    static Decoded decoded(Browser browser, String tab) {
        browser.tab(tab);
        Map<String, Object> m = browser.await("""
                const pc = window.camgate.session.pc;
                if (!pc) return {frames: 0, keyFrames: 0, timestamp: performance.timeOrigin + performance.now(), pli: 0, nack: 0};
                const report = await pc.getStats();
                let found = null;
                report.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') found = s; });
                if (!found) return {frames: 0, keyFrames: 0, timestamp: performance.timeOrigin + performance.now(), pli: 0, nack: 0};
                return {frames: found.framesDecoded || 0, keyFrames: found.keyFramesDecoded || 0, timestamp: found.timestamp,
                        pli: found.pliCount || 0, nack: found.nackCount || 0};
                """);
        return new Decoded(num(m, "frames"), num(m, "keyFrames"), ((Number) m.get("timestamp")).doubleValue(),
                num(m, "pli"), num(m, "nack"));
    }

    /** Frames the camera page has sent on its one peer connection (camgate's), at the stats report's time. */
    static Decoded sent(Browser browser, String cameraTab) {
        browser.tab(cameraTab);
        Map<String, Object> m = browser.await("""
                const peers = [...window.camgate.publisher.peers.values()];
                if (peers.length !== 1) return {error: 'the camera page has ' + peers.length + ' peer connections'};
                const report = await peers[0].pc.getStats();
                let found = null;
                report.forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video') found = s; });
                if (!found) return {error: 'the camera sends no video'};
                return {frames: found.framesSent || 0, keyFrames: found.keyFramesEncoded || 0, timestamp: found.timestamp};
                """);
        if (m.containsKey("error")) {
            throw new AssertionError(m.get("error"));
        }
        return new Decoded(num(m, "frames"), num(m, "keyFrames"), ((Number) m.get("timestamp")).doubleValue(), 0, 0);
    }

    /** camgate's figures for a relayed camera, as the API gives them (refreshed once a second). */
    static JsonNode relay(TestHub hub, String camera) {
        return hub.getJson("/api/cameras/" + camera).path("relay");
    }

    /** The next figures camgate publishes after {@code older} (the camera sends all the time, so packets move). */
    static JsonNode nextRelay(TestHub hub, String camera, JsonNode older) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            JsonNode now = relay(hub, camera);
            if (now.path("packets").asLong() != older.path("packets").asLong()) {
                return now;
            }
            Browser.sleep(50);
        }
        throw new AssertionError("camgate's relay figures for '" + camera + "' did not change within 5 s: " + older);
    }

    private static long num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
