package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

/**
 * Proof that video really arrives, as shared/browser-testing.md asks: the decoder counts frames and keeps
 * counting, the frame has a size, and the picture in the video element is neither black nor frozen.
 */
public record VideoProof(long framesBefore, long framesAfter, long width, long height, String codec,
                         long brightPixels, long changedPixels, String iceState) {

    /** Reads the proof from the current tab. {@code pcExpr} finds the RTCPeerConnection, {@code videoExpr} the video. */
    static VideoProof read(Browser browser, String pcExpr, String videoExpr) {
        Map<String, Object> m = browser.await("""
                const peer = (%s);
                const video = (%s);
                if (!peer) return {iceState: 'no peer connection'};
                const inbound = async () => {
                  const report = await peer.getStats();
                  let found = null;
                  report.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') found = s; });
                  const codec = found && found.codecId ? report.get(found.codecId) : null;
                  return {frames: found ? (found.framesDecoded || 0) : 0, width: found ? (found.frameWidth || 0) : 0,
                          height: found ? (found.frameHeight || 0) : 0, codec: codec ? codec.mimeType : ''};
                };
                const grab = () => {
                  const c = document.createElement('canvas');
                  c.width = 64; c.height = 48;
                  const g = c.getContext('2d', {willReadFrequently: true});
                  g.drawImage(video, 0, 0, 64, 48);
                  return g.getImageData(0, 0, 64, 48).data;
                };
                const first = await inbound();
                const a = grab();
                await new Promise(r => setTimeout(r, 1000));
                const second = await inbound();
                const b = grab();
                let bright = 0, changed = 0;
                for (let i = 0; i < b.length; i += 4) {
                  const luma = 0.299 * b[i] + 0.587 * b[i + 1] + 0.114 * b[i + 2];
                  if (luma > 16) bright++;
                  if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 30) changed++;
                }
                return {before: first.frames, after: second.frames, width: second.width, height: second.height,
                        codec: second.codec, bright, changed, iceState: peer.iceConnectionState};
                """.formatted(pcExpr, videoExpr));
        if (m.containsKey("before")) {
            return new VideoProof(num(m, "before"), num(m, "after"), num(m, "width"), num(m, "height"),
                    (String) m.get("codec"), num(m, "bright"), num(m, "changed"), (String) m.get("iceState"));
        }
        return new VideoProof(0, 0, 0, 0, "", 0, 0, String.valueOf(m.get("iceState")));
    }

    /** Waits (up to 20 s) until frames flow, then asserts all of it; the failure names what was missing. */
    static VideoProof assertFrames(Browser browser, String pcExpr, String videoExpr) {
        return Browser.within(Duration.ofSeconds(20), "decoded, moving, non-black video", () -> {
            VideoProof p = read(browser, pcExpr, videoExpr);
            assertTrue(p.framesBefore > 0, "no frames decoded yet (ICE " + p.iceState + "): " + p);
            assertTrue(p.framesAfter > p.framesBefore, "frames stopped being decoded: " + p);
            assertTrue(p.width > 0 && p.height > 0, "no frame size: " + p);
            assertTrue(p.brightPixels > 64 * 48 / 4, "the picture is black: " + p);
            assertTrue(p.changedPixels > 20, "the picture does not move: " + p);
            return p;
        });
    }

    void assertCodec(String mimeType) {
        assertEquals(mimeType, codec, "negotiated codec");
    }

    private static long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
