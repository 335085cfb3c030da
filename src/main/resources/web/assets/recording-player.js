// Plays a camera's recordings through Media Source Extensions: the fragments of camgate's fMP4 segments are
// fetched by Range and appended to one SourceBuffer. Media time is wall-clock time: media second 0 is
// this.origin (milliseconds since 1970), so the picture's wall time is origin + currentTime * 1000.
import { api } from './signaling.js';

/** Seconds buffered ahead of the playhead before fetching pauses. */
const AHEAD_S = 15;
/** Seconds kept behind the playhead (for a short step back); older data is removed. */
const BEHIND_S = 20;
/** Fragments per Range request once playing; the first request asks only for the keyframe's fragment up to the
 * moment asked for, so that the first frame comes soonest. */
const BATCH = 4;
/** How often an open segment's index is fetched again for new fragments (near-live). */
const POLL_MS = 500;
/** A hole between two appended stretches longer than this is a recording gap, jumped over with a message. */
const GAP_MS = 1000;
/** Media second 0 lies this far before the first moment played, so a later step back stays at times >= 0. */
const ORIGIN_BACK_MS = 32 * 86_400_000;

const MS = window.MediaSource || window.ManagedMediaSource;

/**
 * One camera's recordings in one video element. state: idle, loading, playing, paused, gap (jumping over one),
 * none (nothing recorded there or after), end (no more recordings), error; detail says it in words.
 */
export class RecordingPlayer {
  /** @param {{cameraId: string, video: HTMLVideoElement, onstate: (p: RecordingPlayer) => void}} o */
  constructor({ cameraId, video, onstate }) {
    this.cameraId = cameraId;
    this.video = video;
    this.onstate = onstate || (() => {});
    this.state = 'idle';
    this.detail = '';
    this.origin = null;
    this.gen = 0;
    this.wantPlay = true;
    this.rate = 1;
    this.indexes = new Map(); // closed segments' indexes never change
    this.inits = new Map();
    this.source = null;
    this.buffer = null;
    this.codec = null;
    /** Whether the files being played have sound (an Opus track beside the video). */
    this.hasAudio = false;
    this.queue = Promise.resolve();
    /** performance.now() of the last seek asked for, and of the first frame presented after it. */
    this.timing = { seekAt: 0, firstFrameAt: 0, millis: null };
    video.addEventListener('playing', () => this.mediaState());
    video.addEventListener('pause', () => this.mediaState());
    video.addEventListener('waiting', () => this.mediaState());
    video.addEventListener('error', () => this.fail(mediaError(video.error)));
    this.ticker = setInterval(() => this.tick(), 250);
  }

  static supported() {
    return !!MS;
  }

  /** The wall-clock time of the picture shown, or null before anything was loaded. */
  get wallTime() {
    // While a load runs the video still shows the old place: the moment being loaded is what counts.
    if (this.loading) return this.target;
    if (this.origin == null || this.state === 'idle') return null;
    return this.origin + this.video.currentTime * 1000;
  }

  /** Plays from wall-clock time t (ms): at once when it is buffered, otherwise after loading from its keyframe. */
  seek(t) {
    t = Math.round(t);
    this.timing = { seekAt: performance.now(), firstFrameAt: 0, millis: null, target: t };
    this.watchFirstFrame(this.timing);
    if (!this.loading && this.buffer && this.origin != null && t >= this.origin && this.isBuffered(t)) {
      this.video.currentTime = (t - this.origin) / 1000;
      if (['end', 'gap', 'none'].includes(this.state)) this.state = 'paused';
      if (this.wantPlay) this.startVideo();
      this.mediaState();
      return;
    }
    this.load(t);
  }

  play() {
    this.wantPlay = true;
    if (this.state === 'end' || this.state === 'idle') return;
    this.startVideo();
    this.mediaState();
  }

  pause() {
    this.wantPlay = false;
    this.video.pause();
    this.mediaState();
  }

  setRate(rate) {
    this.rate = rate;
    this.video.playbackRate = rate;
  }

  dispose() {
    this.gen++;
    clearInterval(this.ticker);
    this.video.removeAttribute('src');
    this.video.load();
  }

  startVideo() {
    this.video.playbackRate = this.rate;
    this.video.play().catch(() => {}); // a pause meanwhile rejects the promise: nothing to do
  }

  set(state, detail = '') {
    // A gap's message stays long enough to be read.
    if (state === 'gap') this.gapUntil = performance.now() + 1500;
    if (this.state === state && this.detail === detail) return;
    this.state = state;
    this.detail = detail;
    this.onstate(this);
  }

  fail(message) {
    this.gen++;
    this.set('error', message);
  }

  /** Playing or paused as the video element is, once media is there. */
  mediaState() {
    if (['idle', 'none', 'error', 'end'].includes(this.state) || this.loading) return;
    if (this.state === 'gap' && (this.video.seeking || performance.now() < this.gapUntil)) return;
    if (this.video.paused) this.set('paused', '');
    else if (this.video.readyState < 3) this.set('loading', 'Loading…');
    else this.set('playing', this.nearLive ? 'Near live' : '');
  }

  /** Notes when the first frame at (or just after) the moment asked for is presented. */
  watchFirstFrame(timing) {
    if (!this.video.requestVideoFrameCallback) return;
    const check = (now, meta) => {
      if (this.timing !== timing) return;
      const wall = this.origin + meta.mediaTime * 1000;
      if (this.origin == null || Math.abs(wall - timing.target) > 3000) {
        this.video.requestVideoFrameCallback(check);
        return;
      }
      timing.firstFrameAt = performance.now();
      timing.wall = Math.round(wall);
      timing.millis = Math.round(timing.firstFrameAt - timing.seekAt);
    };
    this.video.requestVideoFrameCallback(check);
  }

  isBuffered(t) {
    const s = (t - this.origin) / 1000;
    const b = this.buffer.buffered;
    for (let i = 0; i < b.length; i++) if (s >= b.start(i) && s < b.end(i) - 0.3) return true;
    return false;
  }

  async load(t) {
    const gen = ++this.gen;
    this.loading = true;
    this.target = t;
    this.nearLive = false;
    this.set('loading', 'Loading…');
    try {
      let seg = await this.segmentAt(t);
      if (gen !== this.gen) return;
      if (!seg) {
        this.loading = false;
        this.set('none', `No recording here or after ${clock(t)}`);
        return;
      }
      if (seg.start > t) {
        this.set('gap', `Recording gap – jumping to ${clock(seg.start)}`);
        t = seg.start;
        this.timing.target = t;
        this.target = t;
      }
      let idx = await this.index(seg);
      if (gen !== this.gen) return;
      while (!idx.fragments.length && idx.open) {
        await delay(POLL_MS);
        if (gen !== this.gen) return;
        idx = await this.index(seg, true);
      }
      let k = 0;
      idx.fragments.forEach((f, i) => { if (f.key && seg.start + f.time <= t) k = i; });
      if (!idx.fragments.length) {
        this.loading = false;
        this.set('none', `The recording at ${clock(seg.start)} holds no pictures`);
        return;
      }
      // The first request runs from the keyframe to the fragment holding t: enough to show t, and no more.
      let j = k;
      while (j + 1 < idx.fragments.length && seg.start + idx.fragments[j + 1].time <= t
          && idx.fragments[j + 1].offset === idx.fragments[j].offset + idx.fragments[j].size) j++;
      const first = idx.fragments[k];
      const last = idx.fragments[j];
      const initP = this.initBytes(seg, idx);
      const fragP = this.range(seg, first.offset, last.offset + last.size - 1);
      await this.ensureSource(idx, t);
      if (gen !== this.gen) return;
      const [init, frag] = await Promise.all([initP, fragP]);
      if (gen !== this.gen) return;
      await this.op(() => this.clearBuffer(), gen);
      await this.appendSegmentStart(seg, init, gen);
      await this.appendMedia(frag, gen);
      if (gen !== this.gen) return;
      // t past the last fragment written so far (an open segment's tail): its last picture.
      const shown = Math.min(Math.max(t, seg.start + first.time), seg.start + last.time + last.duration - 40);
      this.video.currentTime = (shown - this.origin) / 1000;
      this.loading = false;
      if (this.wantPlay) this.startVideo();
      this.mediaState();
      await this.pump(gen, seg, idx, j + 1);
    } catch (e) {
      if (gen === this.gen) {
        this.loading = false;
        this.fail(e.message || String(e));
      }
    }
  }

  /** Appends fragments from idx.fragments[next] on, then the following segments, keeping AHEAD_S buffered. */
  async pump(gen, seg, idx, next) {
    while (gen === this.gen) {
      if (this.ahead() > AHEAD_S) {
        await delay(250);
        continue;
      }
      if (next < idx.fragments.length) {
        const frags = contiguous(idx.fragments, next, BATCH);
        const a = frags[0];
        const z = frags[frags.length - 1];
        const bytes = await this.range(seg, a.offset, z.offset + z.size - 1);
        if (gen !== this.gen) return;
        await this.appendMedia(bytes, gen);
        next += frags.length;
        await this.trimBehind();
        continue;
      }
      if (idx.open) {
        // The segment is being written: playback that caught up with it waits for its next fragment.
        this.nearLive = this.ahead() < 3;
        this.mediaState();
        await delay(POLL_MS);
        if (gen !== this.gen) return;
        idx = await this.index(seg, true);
        continue;
      }
      const after = await this.segmentAfter(seg);
      if (gen !== this.gen) return;
      if (!after) {
        const live = this.recording?.state === 'recording';
        if (!live && this.ahead() < 0.5 && !this.video.seeking) {
          this.set('end', `End of the recordings (${clock(seg.end)})`);
          this.video.pause();
        }
        await delay(live ? POLL_MS : 2000);
        continue;
      }
      let nidx = await this.index(after);
      while (!nidx.fragments.length && nidx.open) {
        await delay(POLL_MS);
        if (gen !== this.gen) return;
        nidx = await this.index(after, true);
      }
      if (gen !== this.gen) return;
      if (!!nidx.audio !== this.hasAudio) {
        // The sound came or went: a SourceBuffer keeps the tracks it started with, so play on from a new one.
        this.load(after.start);
        return;
      }
      if (nidx.codec !== idx.codec) await this.changeCodec(nidx.codec);
      const init = await this.initBytes(after, nidx);
      if (gen !== this.gen) return;
      await this.appendSegmentStart(after, init, gen);
      if (this.state === 'end') {
        // The camera is recorded again: play on.
        this.state = 'loading';
        if (this.wantPlay) this.startVideo();
        this.mediaState();
      }
      seg = after;
      idx = nidx;
      next = 0;
    }
  }

  /** Every 250 ms: jumps over a hole in the buffer (a recording gap, or a few ms between two files). */
  tick() {
    if (!this.buffer || this.loading || this.video.seeking || this.origin == null) return;
    const now = this.video.currentTime;
    const b = this.buffer.buffered;
    let inside = false;
    for (let i = 0; i < b.length; i++) if (now >= b.start(i) && now < b.end(i) - 0.1) inside = true;
    if (inside) {
      if (this.state === 'gap') this.mediaState();
      return;
    }
    for (let i = 0; i < b.length; i++) {
      if (b.start(i) > now) {
        const to = this.origin + b.start(i) * 1000;
        const hole = (b.start(i) - now) * 1000;
        if (hole > GAP_MS) this.set('gap', `Recording gap – jumping to ${clock(to)}`);
        this.video.currentTime = b.start(i) + 0.001;
        if (this.wantPlay) this.startVideo();
        return;
      }
    }
  }

  /** Seconds buffered after the playhead, over holes too (the gap jumper crosses them). */
  ahead() {
    if (!this.buffer) return 0;
    const b = this.buffer.buffered;
    return b.length ? Math.max(0, b.end(b.length - 1) - this.video.currentTime) : 0;
  }

  async trimBehind() {
    const b = this.buffer.buffered;
    const cut = this.video.currentTime - BEHIND_S;
    if (b.length && b.start(0) < cut - 5) {
      await this.op(() => this.buffer.remove(0, cut));
    }
  }

  // --- MediaSource and SourceBuffer ----------------------------------------------------------------------

  async ensureSource(idx, t) {
    const codec = idx.codec;
    const audio = !!idx.audio;
    if (this.source && this.source.readyState === 'open' && this.origin != null && t >= this.origin + 1000
        && audio === this.hasAudio) {
      if (codec !== this.codec) await this.changeCodec(codec);
      return;
    }
    const type = mimeType(codec, audio);
    if (!MS) throw new Error('This browser cannot play recordings (it has no Media Source Extensions).');
    if (!MS.isTypeSupported(type)) {
      throw new Error(`This browser cannot play this recording (${codec}${audio ? ' with Opus sound' : ''}).`);
    }
    const source = new MS();
    this.video.disableRemotePlayback = true; // ManagedMediaSource (iPhone) needs it
    const url = URL.createObjectURL(source);
    const opened = new Promise((resolve) => source.addEventListener('sourceopen', resolve, { once: true }));
    this.video.src = url;
    await opened;
    URL.revokeObjectURL(url);
    this.source = source;
    this.buffer = source.addSourceBuffer(type);
    this.buffer.mode = 'segments';
    this.codec = codec;
    this.hasAudio = audio;
    this.onstate(this);
    this.origin = Math.floor(t / 1000) * 1000 - ORIGIN_BACK_MS;
    this.queue = Promise.resolve();
  }

  async changeCodec(codec) {
    const type = mimeType(codec, this.hasAudio);
    if (!this.buffer.changeType) throw new Error(`The camera changed its video format (${codec}); reload the page to play on.`);
    await this.op(() => { this.buffer.changeType(type); });
    this.codec = codec;
  }

  async appendSegmentStart(seg, init, gen) {
    await this.op(() => { this.buffer.timestampOffset = (seg.start - this.origin) / 1000; }, gen);
    await this.appendMedia(init, gen);
  }

  async appendMedia(bytes, gen) {
    try {
      await this.op(() => this.buffer.appendBuffer(bytes), gen);
    } catch (e) {
      if (e.name !== 'QuotaExceededError') throw e;
      // The browser's buffer is full: keep less behind and try once more.
      await this.op(() => this.buffer.remove(0, Math.max(0.1, this.video.currentTime - 2)), gen);
      await this.op(() => this.buffer.appendBuffer(bytes), gen);
    }
  }

  clearBuffer() {
    const b = this.buffer.buffered;
    if (!b.length) return false;
    this.buffer.remove(0, b.end(b.length - 1) + 1);
    return true;
  }

  /**
   * Runs one SourceBuffer operation at a time; resolves at its updateend (or at once if it started none). An
   * operation of a load that was superseded (gen) is skipped: an old load's init must not land among a new one's.
   */
  op(fn, gen) {
    const run = () => new Promise((resolve, reject) => {
      const sb = this.buffer;
      if (gen !== undefined && gen !== this.gen) {
        resolve();
        return;
      }
      const done = () => { sb.removeEventListener('updateend', done); sb.removeEventListener('error', bad); resolve(); };
      const bad = () => { sb.removeEventListener('updateend', done); sb.removeEventListener('error', bad); reject(new Error('The browser could not decode this recording.')); };
      sb.addEventListener('updateend', done);
      sb.addEventListener('error', bad);
      try {
        const started = fn();
        if (started === false || !sb.updating) done();
      } catch (e) {
        sb.removeEventListener('updateend', done);
        sb.removeEventListener('error', bad);
        reject(e);
      }
    });
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  // --- the API ---------------------------------------------------------------------------------------------

  base() {
    return 'cameras/' + encodeURIComponent(this.cameraId) + '/';
  }

  async json(path) {
    const r = await retrying(() => api(this.base() + path, { cache: 'no-store' }));
    if (!r.ok) throw new Error(await words(r));
    return r.json();
  }

  /**
   * The segment holding t, else the first one after it (null: none within a day). A moment just past what the
   * open segment holds yet (the present, on the bar's right end) is that segment's newest picture.
   */
  async segmentAt(t) {
    const at = Math.floor(t);
    const list = await this.json(`recordings?from=${Math.max(0, at - 60_000)}&to=${at + 86_400_000}`);
    this.recording = list.recording;
    const last = list.segments[list.segments.length - 1];
    return list.segments.find((s) => s.end > t) || (last?.open ? last : null);
  }

  async segmentAfter(seg) {
    const list = await this.json(`recordings?from=${seg.end}&to=${seg.end + 86_400_000}`);
    this.recording = list.recording;
    return list.segments.find((s) => s.start > seg.start) || null;
  }

  async index(seg, fresh = false) {
    const cached = this.indexes.get(seg.id);
    if (cached && !fresh) return cached;
    const idx = await this.json('recordings/' + seg.id + '.json');
    if (!idx.open) this.indexes.set(seg.id, idx);
    if (this.indexes.size > 50) this.indexes.delete(this.indexes.keys().next().value);
    return idx;
  }

  async initBytes(seg, idx) {
    if (this.inits.has(seg.id)) return this.inits.get(seg.id);
    const bytes = await this.range(seg, 0, idx.initLength - 1);
    this.inits.set(seg.id, bytes);
    if (this.inits.size > 20) this.inits.delete(this.inits.keys().next().value);
    return bytes;
  }

  async range(seg, from, to) {
    const r = await retrying(() => api(this.base() + 'recordings/' + seg.id + '.mp4', { headers: { Range: `bytes=${from}-${to}` } }));
    if (r.status !== 206 && r.status !== 200) throw new Error(await words(r));
    const bytes = await r.arrayBuffer();
    // A 200 is the whole file (a proxy that drops Range): cut the part asked for.
    return r.status === 200 ? bytes.slice(from, to + 1) : bytes;
  }
}

/** Up to n fragments from i on that lie back to back in the file, for one Range request. */
function contiguous(fragments, i, n) {
  const out = [fragments[i]];
  while (out.length < n && i + out.length < fragments.length) {
    const prev = out[out.length - 1];
    const f = fragments[i + out.length];
    if (f.offset !== prev.offset + prev.size) break;
    out.push(f);
  }
  return out;
}

/**
 * A request tried again a few times when camgate could not be reached or was busy (503): a Wi-Fi blip during
 * playback should not end it. Other answers are the caller's.
 */
async function retrying(request) {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await request();
      if (r.status !== 503 || attempt === 4) return r;
    } catch (e) {
      if (attempt === 4) throw new Error('camgate is not reachable: ' + (e.message || e));
    }
    await delay(400 * attempt);
  }
}

function delay(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** HH:MM:SS in local time. */
export function clock(t) {
  return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** What an API refusal says, in words. */
export async function words(r) {
  let message = '';
  try {
    message = (await r.json()).error || '';
  } catch {
    // not JSON
  }
  if (r.status === 403) return 'You may not watch the recordings of this camera (ask for the playback right).';
  if (r.status === 503) return 'camgate is busy serving recordings: try again in a moment.';
  return message || `camgate answered ${r.status}`;
}

function mediaError(err) {
  if (!err) return 'The video stopped with an unknown error.';
  const what = { 1: 'was stopped', 2: 'could not be fetched', 3: 'could not be decoded', 4: 'is in a format this browser cannot play' }[err.code];
  return `The recording ${what || 'failed'}${err.message ? ` (${err.message})` : ''}.`;
}

/** The MSE type of a camgate file: its H.264 profile and level, and Opus when it has sound. */
function mimeType(codec, audio) {
  return `video/mp4; codecs="${codec}${audio ? ',opus' : ''}"`;
}
