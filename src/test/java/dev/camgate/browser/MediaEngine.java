package dev.camgate.browser;

import java.time.Duration;
import java.util.Map;

/**
 * The media half of a fake camera: a Chromium tab with the fake camera device, keeping one RTCPeerConnection
 * per camera-side session. It answers or offers without trickle (its SDP carries its candidates, which on
 * loopback are gathered at once), the way the fake Momo / UV4L fixtures need. Selenium is not thread-safe,
 * so every call is serialized.
 */
final class MediaEngine implements AutoCloseable {
    private final Browser browser = Browser.launch();

    MediaEngine(String hubBase) {
        browser.open(hubBase + "/.ok");
        browser.await("""
                const stream = await navigator.mediaDevices.getUserMedia({video: {width: 640, height: 480}, audio: false});
                const pcs = new Map();
                const gathered = (pc) => new Promise((resolve) => {
                  if (pc.iceGatheringState === 'complete') return resolve();
                  pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
                });
                const fresh = (id) => {
                  pcs.get(id)?.close();
                  const pc = new RTCPeerConnection({iceServers: []});
                  stream.getTracks().forEach((t) => pc.addTrack(t, stream));
                  pcs.set(id, pc);
                  return pc;
                };
                const videoSenders = () => [...pcs.values()].flatMap((pc) => pc.getTransceivers())
                  .filter((t) => t.receiver.track.kind === 'video').map((t) => t.sender);
                window.engine = {
                  async answer(id, sdp) {
                    const pc = fresh(id);
                    await pc.setRemoteDescription({type: 'offer', sdp});
                    await pc.setLocalDescription(await pc.createAnswer());
                    await gathered(pc);
                    return pc.localDescription.sdp;
                  },
                  async offer(id) {
                    const pc = fresh(id);
                    await pc.setLocalDescription(await pc.createOffer());
                    await gathered(pc);
                    return pc.localDescription.sdp;
                  },
                  async accept(id, sdp) { await pcs.get(id)?.setRemoteDescription({type: 'answer', sdp}); },
                  async add(id, candidate) { await pcs.get(id)?.addIceCandidate(candidate).catch(() => {}); },
                  close(id) { pcs.get(id)?.close(); pcs.delete(id); },
                  count() { return [...pcs.values()].filter((pc) => pc.connectionState === 'connected').length; },
                  // A camera that lost power or Wi-Fi without a TCP reset: no more media, the connection stays up.
                  async freeze() { for (const s of videoSenders()) await s.replaceTrack(null); },
                  async thaw() { for (const s of videoSenders()) await s.replaceTrack(stream.getVideoTracks()[0]); },
                };
                return true;
                """);
    }

    synchronized String answer(String session, String offerSdp) {
        return browser.await("return await window.engine.answer(args[0], args[1]);", session, offerSdp);
    }

    synchronized String offer(String session) {
        return browser.await("return await window.engine.offer(args[0]);", session);
    }

    synchronized void accept(String session, String answerSdp) {
        browser.await("await window.engine.accept(args[0], args[1]); return true;", session, answerSdp);
    }

    synchronized void addCandidate(String session, Map<String, Object> candidate) {
        browser.await("await window.engine.add(args[0], args[1]); return true;", session, candidate);
    }

    synchronized void close(String session) {
        browser.js("window.engine.close(arguments[0])", session);
    }

    /** Every camera-side peer connection stops sending video; ICE and DTLS stay up. */
    synchronized void freeze() {
        browser.await("await window.engine.freeze(); return true;");
    }

    /** The video comes back on the same peer connections. */
    synchronized void thaw() {
        browser.await("await window.engine.thaw(); return true;");
    }

    synchronized long connected() {
        return (Long) browser.js("return window.engine.count()");
    }

    void waitUntilConnected(long sessions) {
        Browser.within(Duration.ofSeconds(20), sessions + " connected camera-side peer connections", () -> {
            long n = connected();
            if (n < sessions) {
                throw new AssertionError("only " + n);
            }
            return n;
        });
    }

    @Override
    public void close() {
        browser.close();
    }
}
