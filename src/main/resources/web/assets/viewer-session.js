// One viewer's connection to one camera, as an explicit state machine (TRANSITIONS below):
//   idle → connecting → live → (bye, socket closed, ICE failed) → retrying → connecting ...
//   live ⇄ stalled (the decoder gets no frames although the connection is up; back to live when they resume)
//   connecting → offline | busy (rejected; camgate's status for the camera is watched, and the viewer connects
//     at once when the camera is there / free, with a backoff as a fallback)
//   connecting | offline | busy → not-found (camgate has no such camera, or this login may not see it: no retries;
//     only for a camera this page never reached: an ad-hoc browser camera that was here and left is offline)
//   connecting → not-allowed (forbidden: no retries)
//   any → hung-up (the user pressed Hang up)
// The viewer normally makes the offer (recvonly). A camera that offers itself (UV4L) is answered instead.

import { AyameSocket, api, backoffSeconds, clientConfig, toLogin } from './signaling.js';
import { applyCodecPreference } from './codecs.js';
import { IceWatch, describePath } from './ice.js';
import { FrameWatch } from './frame-watch.js';

/** Which state may follow which; 'hung-up' may follow any. 'error' is a refusal camgate gave no kind for (retried). */
export const TRANSITIONS = {
  idle: ['connecting'],
  connecting: ['connecting', 'live', 'offline', 'busy', 'retrying', 'error', 'not-found', 'not-allowed'],
  live: ['live', 'stalled', 'connecting', 'retrying'],
  stalled: ['stalled', 'live', 'connecting', 'retrying'],
  offline: ['offline', 'connecting', 'not-found', 'not-allowed'],
  busy: ['busy', 'connecting', 'not-found', 'not-allowed'],
  retrying: ['retrying', 'connecting'],
  error: ['error', 'connecting'],
  'not-found': ['connecting'],
  'not-allowed': ['connecting'],
  'hung-up': ['connecting'],
};
export const STATES = Object.keys(TRANSITIONS);
/** States in which nothing is retried: the user may press Call. */
export const ENDED = ['idle', 'hung-up', 'not-found', 'not-allowed'];
/** How often camgate's status of an offline or busy camera is looked at. */
const STATUS_POLL_MS = 2000;

export class ViewerSession {
  /**
   * @param {object} options cameraId, video (HTMLVideoElement), codec ('H264' by default), forceCodec,
   *   relay (only use TURN relays: for diagnosis), onstate(session) called on every change of state,
   *   detail or countdown.
   */
  constructor({ cameraId, video, codec = 'H264', forceCodec = false, relay = false, onstate = () => {} }) {
    this.relay = relay;
    this.path = null;
    this.iceRestarts = 0;
    this.cameraId = cameraId;
    this.video = video;
    this.codec = codec;
    this.forceCodec = forceCodec;
    this.onstate = onstate;
    this.state = 'idle';
    this.detail = '';
    this.retryIn = 0;
    this.attempt = 0;
    this.pc = null;
    this.socket = null;
    this.wanted = false;
    this.timers = [];
    this.remoteCandidates = [];
    this.frames = null; // FrameWatch of the current peer connection
    this.lastFrameAt = null; // performance.now() of the last decoded frame
    this.stalledFor = 0; // whole seconds without a frame, while stalled
    this.technical = ''; // codes and the like, for a tooltip, not for the text people read
    this.known = false; // camgate has shown this page the camera (accepted it, or listed it): a 404 later means it left
  }

  start() {
    this.wanted = true;
    this.attempt = 0;
    this.connect();
  }

  /** Hang up: the hub tells the camera (bye), and nothing retries. */
  stop() {
    this.wanted = false;
    this.teardown();
    this.set('hung-up', '');
  }

  set(state, detail = this.detail, technical = '') {
    if (state !== 'hung-up' && !TRANSITIONS[this.state]?.includes(state)) {
      console.warn(`camgate: viewer state ${this.state} → ${state} is not in TRANSITIONS`);
    }
    this.state = state;
    this.detail = detail;
    this.technical = technical;
    this.onstate(this);
  }

  connect() {
    // Why the last attempt ended stays visible while the next one starts.
    const why = ['retrying', 'error'].includes(this.state) ? this.detail : '';
    const technical = this.technical;
    this.teardown();
    this.set('connecting', why ? 'Reconnecting. ' + why : '', why ? technical : '');
    // The socket opens while the page's settings are still on their way: camgate's accept carries the ICE
    // servers itself, so the settings are only a fallback and must not hold up the call.
    let config = { iceServers: [] };
    clientConfig().then((c) => { config = c; });
    this.socket = new AyameSocket(
      { type: 'register', roomId: this.cameraId, clientId: randomId(), camgate: { role: 'viewer' } },
      {
        onaccept: (msg) => this.accepted(msg, config),
        onreject: (reason, code) => this.rejected(reason, code),
        onmessage: (msg) => this.message(msg),
        onclose: (code, reason) => this.socketClosed(code, reason),
      },
    );
  }

  /** Words for people; the close code only in the tooltip (and the console). */
  socketClosed(code, reason) {
    const words = code === 1000 ? 'The connection to camgate ended' : 'The connection to camgate was lost';
    this.retry(words + (reason ? ': ' + reason : '') + '.', 'retrying', `WebSocket close code ${code}${reason ? ' (' + reason + ')' : ''}`);
  }

  accepted(msg, config) {
    this.known = true;
    const iceServers = msg.iceServers?.length ? msg.iceServers : config.iceServers || [];
    const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: this.relay ? 'relay' : 'all' });
    this.pc = pc;
    this.path = null;
    this.iceRestarts = 0;
    this.weOffer = !!msg.isExistUser;
    // A relayed camera's video comes from camgate, which forwards the camera's one stream to every viewer.
    this.relayed = !!msg.camgate?.relayed;
    // Only camgate's browser cameras answer a repeat offer on the same connection; Momo and UV4L start a
    // new one, so for them a dropped call is a full reconnect.
    this.canRestart = this.weOffer && !!msg.camgate?.multiViewer;
    this.ice = new IceWatch(pc, iceServers, this.relay);
    // With no usable candidate at all (relay only, TURN refused) ICE never even reaches "failed": say so.
    pc.onicegatheringstatechange = () => {
      if (pc === this.pc && pc.iceGatheringState === 'complete' && this.ice.gathered.size === 0) {
        this.retry('No way to reach the camera. ' + this.ice.explain());
      }
    };
    const watchdog = setTimeout(() => {
      if (pc === this.pc && pc.connectionState !== 'connected' && this.state === 'connecting') {
        this.retry('The video did not connect within 30 s. ' + this.ice.explain());
      }
    }, 30000);
    this.timers.push(watchdog);
    this.remoteCandidates = [];
    this.frames = new FrameWatch(pc, (sample) => { if (pc === this.pc) this.sampled(sample); });
    const video = pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    applyCodecPreference(video, this.codec, this.forceCodec);
    pc.ontrack = (event) => {
      const stream = event.streams[0] || new MediaStream([event.track]);
      if (this.video.srcObject !== stream) this.video.srcObject = stream;
    };
    pc.onicecandidate = (event) => {
      // The end-of-candidates null is not sent: Ayame peers do not expect it.
      if (event.candidate && event.candidate.candidate) this.socket?.send({ type: 'candidate', ice: event.candidate.toJSON() });
    };
    // An ICE restart may never leave "connected" as a whole; its end shows in the ICE state.
    pc.oniceconnectionstatechange = () => {
      if (pc === this.pc && this.state === 'connecting' && this.iceRestarts > 0 && pc.connectionState === 'connected'
          && ['connected', 'completed'].includes(pc.iceConnectionState)) this.live(pc);
    };
    pc.onconnectionstatechange = () => {
      if (pc !== this.pc) return;
      if (pc.connectionState === 'connected') {
        this.live(pc);
      } else if (pc.connectionState === 'disconnected' && this.canRestart) {
        // Often a network change (Wi-Fi to mobile). A short blip heals by itself; a longer one gets an ICE
        // restart over the same signaling.
        const check = setTimeout(() => {
          if (pc === this.pc && pc.connectionState === 'disconnected') this.restartIce('The connection dropped; reconnecting the video…');
        }, 5000);
        this.timers.push(check);
      } else if (pc.connectionState === 'failed') {
        if (this.state === 'live' && this.canRestart && this.iceRestarts === 0) this.restartIce('The connection failed; reconnecting the video…');
        else this.retry('The video connection failed. ' + this.ice.explain());
      }
    };
    this.set('connecting', 'Negotiating with the camera…');
    if (msg.isExistUser) this.offer();
  }

  /** The call is up (again). Whether frames arrive and which path it takes come from the FrameWatch's samples. */
  live(pc) {
    if (pc !== this.pc) return;
    this.attempt = 0;
    this.frames?.rebase();
    this.set('live', '');
  }

  /**
   * One look at the decoder's statistics (twice a second): live ⇄ stalled, the age of the last frame, and the
   * path of the call, read afresh each time (a peer-reflexive remote candidate becomes host once signalled).
   */
  sampled({ lastFrameAt, path, now }) {
    this.lastFrameAt = lastFrameAt;
    const changedPath = path !== this.path;
    this.path = path;
    const quiet = now - lastFrameAt;
    if (this.state === 'live' && quiet >= this.frames.limit) {
      this.stalledFor = Math.floor(quiet / 1000);
      this.set('stalled', 'The last picture arrived at ' + new Date(Date.now() - quiet).toLocaleTimeString() + '.');
    } else if (this.state === 'stalled' && quiet < this.frames.limit) {
      this.set('live', '');
    } else if (this.state === 'stalled' && Math.floor(quiet / 1000) !== this.stalledFor) {
      this.stalledFor = Math.floor(quiet / 1000);
      this.onstate(this);
    } else if (changedPath && this.state === 'live') {
      this.onstate(this);
    }
  }

  /**
   * ICE restart: new candidates on the same peer connection, negotiated over the signaling socket that is
   * still up. Only the offering side can do it; once is enough before a full reconnect.
   */
  async restartIce(why) {
    const pc = this.pc;
    if (!pc || !this.socket || !this.canRestart || this.iceRestarts > 0) {
      this.retry(why + ' ' + (this.ice?.explain() || ''));
      return;
    }
    this.iceRestarts++;
    this.path = null;
    this.set('connecting', why);
    await this.offer({ iceRestart: true });
  }

  async offer(options = {}) {
    const pc = this.pc;
    try {
      const offer = await pc.createOffer(options);
      await pc.setLocalDescription(offer);
      this.socket?.send({ type: 'offer', sdp: pc.localDescription.sdp });
    } catch (e) {
      this.retry('Could not create an offer: ' + e.message);
    }
  }

  async message(msg) {
    const pc = this.pc;
    switch (msg.type) {
      case 'answer':
        if (!pc) return;
        await pc.setRemoteDescription({ type: 'answer', sdp: msg.sdp }).catch((e) => this.retry('The camera sent an unusable answer: ' + e.message));
        this.drainCandidates();
        if (pc === this.pc && this.state === 'connecting' && this.iceRestarts > 0 && pc.connectionState === 'connected') {
          // A restart the connection survived without ever dropping.
          setTimeout(() => { if (pc === this.pc && this.state === 'connecting' && pc.connectionState === 'connected') this.live(pc); }, 1000);
        }
        break;
      case 'offer':
        if (!pc) return;
        try {
          await pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
          this.drainCandidates();
          await pc.setLocalDescription(await pc.createAnswer());
          this.socket?.send({ type: 'answer', sdp: pc.localDescription.sdp });
        } catch (e) {
          this.retry('The camera sent an unusable offer: ' + e.message);
        }
        break;
      case 'candidate':
        if (!msg.ice || !pc) return;
        // Candidates can arrive while the remote description is still being applied: hold them until it is.
        if (pc.remoteDescription) pc.addIceCandidate(msg.ice).catch((e) => console.warn('camgate: candidate refused', e));
        else this.remoteCandidates.push(msg.ice);
        break;
      case 'bye':
        this.retry(msg.reason || 'The camera ended the call.');
        break;
      case 'notice':
        this.set(this.state, msg.text || '');
        break;
      case 'error':
        this.set(this.state, 'camgate: ' + msg.reason);
        break;
      default:
        break;
    }
  }

  drainCandidates() {
    const pc = this.pc;
    for (const c of this.remoteCandidates.splice(0)) pc?.addIceCandidate(c).catch((e) => console.warn('camgate: candidate refused', e));
  }

  /** @param code camgate's reject code (docs/protocol.md); without one, read from the words as before codes existed */
  rejected(reason, code = this.codeFromWords(reason)) {
    const kind = reason.split(':')[0];
    const words = reason.slice(kind.length + 1).trim() || reason;
    switch (code) {
      case 'unauthorized':
        return toLogin();
      case 'forbidden':
        // Retrying cannot help, and camgate slows down addresses that keep failing.
        return this.notAllowed(words);
      // The badge says what these say ("offline", "in use"); other reasons (a viewer limit, too many dials) are kept.
      case 'not-connected':
        return this.retry('', 'offline');
      case 'offline':
        return this.retry(words, 'offline');
      case 'in-use':
        return this.retry('', 'busy');
      case 'busy':
      case 'throttled':
        return this.retry(words, 'busy');
      default:
        return this.retry('camgate refused: ' + words, 'error', reason);
    }
  }

  /** An older camgate's reject has words only: the token before the colon, and the sentences it is known to use. */
  codeFromWords(reason) {
    const kind = reason.split(':')[0];
    const words = reason.slice(kind.length + 1).trim();
    if (kind === 'offline') return words.startsWith("camera '" + this.cameraId + "' is not connected") ? 'not-connected' : 'offline';
    if (kind === 'busy') return words.includes('another viewer') ? 'in-use' : 'busy';
    return kind;
  }

  notAllowed(words) {
    this.wanted = false;
    this.teardown();
    this.set('not-allowed', 'You may not watch this camera' + (words ? ': ' + words : '.'));
  }

  /** camgate has no camera by this id (or this login may not see it): retrying cannot help. */
  notFound() {
    this.wanted = false;
    this.teardown();
    this.set('not-found', `There is no camera “${this.cameraId}” on this camgate, or you may not see it. `
      + 'Check the address, or choose a camera from the dashboard.');
  }

  /** Ends this attempt and schedules the next one, counting down in whole seconds. */
  retry(detail, state = 'retrying', technical = '') {
    const stalled = this.state === 'stalled' ? this.stalledFor : 0;
    this.teardown();
    if (!this.wanted) return;
    if (stalled) detail += ` No picture had arrived for ${stalled} s before.`;
    let seconds = backoffSeconds(this.attempt++);
    this.retryIn = seconds;
    this.set(state, detail.trim(), technical);
    const tick = setInterval(() => {
      this.retryIn = --seconds;
      if (seconds <= 0) this.connect();
      else this.onstate(this);
    }, 1000);
    this.timers.push(tick);
    if (state === 'offline' || state === 'busy') this.watchCamera(state);
  }

  /**
   * While the camera is offline or busy, look at camgate's status for it at once and every 2 s: connect as soon
   * as it is there and free (the backoff is only a fallback), and stop if camgate has no such camera.
   */
  watchCamera(waiting) {
    const look = async () => {
      let r;
      try {
        r = await api('cameras/' + encodeURIComponent(this.cameraId), { cache: 'no-store' });
      } catch {
        return; // camgate itself is unreachable; the countdown carries on.
      }
      if (this.state !== waiting) return;
      if (r.status === 404 && !this.known) this.notFound();
      else if (r.status === 403) this.notAllowed('');
      else if (r.ok) this.cameraStatus((await r.json().catch(() => ({}))).status, waiting);
    };
    look();
    this.timers.push(setInterval(look, STATUS_POLL_MS));
  }

  cameraStatus(status, waiting) {
    this.known = true;
    if (status === 'online' && this.state === waiting) this.connect();
  }

  teardown() {
    this.frames?.dispose();
    this.frames = null;
    this.timers.forEach(clearInterval);
    this.timers = [];
    this.retryIn = 0;
    if (this.socket) {
      this.socket.close();
      this.socket = null;
    }
    if (this.pc) {
      this.pc.close();
      this.pc = null;
    }
    if (this.video) this.video.srcObject = null;
  }

  /** Words for people, for the state badge. */
  describe() {
    switch (this.state) {
      case 'idle': return 'Ready';
      case 'connecting': return 'Connecting…';
      case 'live': return this.relayed ? 'Live · via camgate' + (this.path === 'relay' ? ' (TURN)' : '')
        : this.path ? 'Live · ' + describePath(this.path) : 'Live';
      case 'stalled': return `No picture for ${this.stalledFor} s — the camera may have lost power or network`;
      case 'offline': return `Camera offline — retrying in ${this.retryIn} s`;
      case 'busy': return 'In use by another viewer — you will be connected when it is free';
      case 'retrying': return `Retrying in ${this.retryIn} s`;
      case 'hung-up': return 'Hung up';
      case 'error': return `Refused — retrying in ${this.retryIn} s`;
      case 'not-found': return 'No such camera';
      case 'not-allowed': return 'Not allowed';
      default: return this.state;
    }
  }
}

function randomId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}
