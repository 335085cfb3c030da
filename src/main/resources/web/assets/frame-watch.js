// Whether video is really arriving, from the decoder's own statistics (getStats inbound-rtp): a camera that lost
// power or Wi-Fi without a TCP reset leaves the connection up for many seconds while no frame is decoded.
import { pathOf } from './ice.js';

/** No new decoded frame for this long (after the first frame, or after going live) and the call is stalled. */
export const STALL_AFTER_MS = 2000;
/** Before the first frame a camera may take a little longer (key frame, H.264 start). */
export const FIRST_FRAME_MS = 4000;
const INTERVAL_MS = 500;

export class FrameWatch {
  /** @param {RTCPeerConnection} pc @param {(sample) => void} onsample called with {frames, lastFrameAt, path, now} */
  constructor(pc, onsample) {
    this.pc = pc;
    this.onsample = onsample;
    this.frames = 0;
    this.lastFrameAt = performance.now();
    this.sawFrame = false;
    this.timer = setInterval(() => this.sample(), INTERVAL_MS);
  }

  /** Counts from now, e.g. when the call (re)becomes live. */
  rebase() {
    this.lastFrameAt = performance.now();
  }

  async sample() {
    let report;
    try {
      report = await this.pc.getStats();
    } catch {
      return; // closed meanwhile
    }
    if (!this.timer) return;
    const now = performance.now();
    const frames = decodedFrames(report);
    if (frames > this.frames) {
      this.frames = frames;
      this.lastFrameAt = now;
      this.sawFrame = true;
    }
    this.onsample({ frames: this.frames, lastFrameAt: this.lastFrameAt, path: pathOf(report), now });
  }

  /** Milliseconds without a new frame after which the call counts as stalled. */
  get limit() {
    return this.sawFrame ? STALL_AFTER_MS : FIRST_FRAME_MS;
  }

  dispose() {
    clearInterval(this.timer);
    this.timer = null;
  }
}

/** framesDecoded of the video stream; with several (simulcast is not used here) their sum. */
function decodedFrames(report) {
  let frames = 0;
  report.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; });
  return frames;
}
