// The browser camera (/publish): registers as a multi-viewer camera (docs/protocol.md) and keeps one
// RTCPeerConnection per viewerId. Viewers offer; this page answers with its video.

import { AyameSocket, backoffSeconds, clientConfig, toLogin } from './signaling.js';
import { testPatternStream } from './test-pattern.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const peers = new Map(); // viewerId → { pc, pending: [] }
let media = null; // { stream, stop }
let socket = null;
let iceServers = [];
let publishing = false;
let attempt = 0;
let retryTimer = null;

const publisher = { viewerCount: () => peers.size, peers, get state() { return $('state').dataset.state; } };
window.camgate = { publisher };

function randomKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// An ad-hoc camera's id and key are remembered, so a reload or a reconnect takes the same seat again.
const cameraId = params.get('camera') || localStorage.getItem('camgate.publish.id') || 'browser-' + randomKey().slice(0, 4);
$('camera-id').value = cameraId;
$('camera-name').value = params.get('name') || localStorage.getItem('camgate.publish.name') || '';
const keyFor = (id) => params.get('key') || localStorage.getItem('camgate.publish.key.' + id) || randomKey();

function setState(state, words, detail = '') {
  $('state').dataset.state = state;
  $('state').textContent = words;
  $('state').className = 'badge state-' + state;
  $('detail').textContent = detail;
}

// Why this page sends a test pattern instead of the webcam. It has its own line beside the state badge,
// so the live message ("Camera … is live") never hides it.
const INSECURE = 'Publishing a test pattern: browsers give the webcam only to https pages or localhost — see HTTPS in the README.';

function showSource(why) {
  $('source').textContent = why;
  $('source').hidden = !why;
}

/** On plain http the webcam entry cannot work: the list says so and the pattern is chosen. */
function labelDevicesForInsecurePage() {
  const webcam = $('device').options[0];
  webcam.textContent = 'Webcam (needs https or localhost)';
  webcam.disabled = true;
  $('device').value = 'pattern';
  $('device').options[1].textContent = 'Test pattern (the webcam needs https)';
  showSource(INSECURE);
}

function showViewers() {
  const n = peers.size;
  $('viewer-count').textContent = n;
  $('viewer-word').textContent = n === 1 ? 'viewer' : 'viewers';
}

async function listDevices() {
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const select = $('device');
    for (const d of devices.filter((x) => x.kind === 'videoinput' && x.deviceId)) {
      if (![...select.options].some((o) => o.value === d.deviceId)) select.add(new Option(d.label || 'Camera ' + (select.options.length - 1), d.deviceId), select.options.length - 1);
    }
  } catch {
    // No device list: the default camera and the pattern remain.
  }
}

async function openMedia() {
  const [width, height] = $('resolution').value.split('x').map(Number);
  const device = $('device').value;
  if (!window.isSecureContext) {
    // Browsers refuse the webcam to http pages on other hosts: say so instead of failing silently.
    showSource(INSECURE);
    const pattern = testPatternStream(width, height);
    return { stream: pattern.stream, stop: () => { pattern.stop(); pattern.stream.getTracks().forEach((t) => t.stop()); } };
  }
  if (device !== 'pattern' && navigator.mediaDevices?.getUserMedia) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: width }, height: { ideal: height }, ...(device ? { deviceId: { exact: device } } : {}) },
        audio: $('microphone').checked,
      });
      listDevices();
      return { stream, stop: () => stream.getTracks().forEach((t) => t.stop()) };
    } catch (e) {
      showSource(`Publishing a test pattern: no webcam available (${e.name}).`);
    }
  } else if (device !== 'pattern') {
    showSource('Publishing a test pattern: this browser has no camera access (navigator.mediaDevices is missing).');
  }
  const pattern = testPatternStream(width, height);
  return { stream: pattern.stream, stop: () => { pattern.stop(); pattern.stream.getTracks().forEach((t) => t.stop()); } };
}

async function start(event) {
  event?.preventDefault();
  if (window.isSecureContext) showSource('');
  const id = $('camera-id').value.trim();
  if (!$('form').reportValidity()) return;
  const name = $('camera-name').value.trim() || id;
  const key = keyFor(id);
  localStorage.setItem('camgate.publish.id', id);
  localStorage.setItem('camgate.publish.name', $('camera-name').value.trim());
  if (!params.get('key')) localStorage.setItem('camgate.publish.key.' + id, key);
  publishing = true;
  $('start').disabled = true;
  $('stop').disabled = false;
  $('form').classList.add('locked');
  $('watch-link').href = 'view?camera=' + encodeURIComponent(id);
  media = await openMedia();
  $('preview').srcObject = media.stream;
  iceServers = (await clientConfig()).iceServers || [];
  connect(id, name, key);
}

function connect(id, name, key) {
  clearTimeout(retryTimer);
  setState('connecting', 'Connecting…');
  socket = new AyameSocket(
    { type: 'register', roomId: id, key, camgate: { role: 'camera', multiViewer: true, name } },
    {
      onaccept: (msg) => {
        if (!msg.camgate?.multiViewer) {
          stop();
          setState('error', 'Not a browser camera', `camgate has '${id}' configured as a single-viewer camera; give it "type: browser" in the config.`);
          return;
        }
        if (msg.iceServers?.length) iceServers = msg.iceServers;
        attempt = 0;
        setState('live', 'Publishing', `Camera '${id}' is live on the dashboard.`);
      },
      onreject: (reason, code = reason.split(':')[0].replace(/^key$/, 'wrong-key')) => {
        if (code === 'unauthorized') return toLogin();
        if (code === 'forbidden' || code === 'wrong-key') {
          // Retrying cannot help, and camgate slows down addresses that keep failing.
          stop();
          return setState('error', 'camgate refused', reason);
        }
        retry(id, name, key, 'camgate refused: ' + reason);
      },
      onmessage: (msg) => onMessage(msg),
      onclose: () => retry(id, name, key, 'The connection to camgate was lost.'),
    },
  );
}

function retry(id, name, key, why) {
  closeAllPeers();
  socket?.close();
  socket = null;
  if (!publishing) return;
  let seconds = backoffSeconds(attempt++);
  const tick = () => {
    setState('retrying', `Reconnecting in ${seconds} s`, why);
    if (seconds-- <= 0) connect(id, name, key);
    else retryTimer = setTimeout(tick, 1000);
  };
  tick();
}

async function onMessage(msg) {
  const viewerId = msg.viewerId;
  switch (msg.type) {
    case 'offer': {
      if (!viewerId) return;
      const known = peers.get(viewerId);
      if (known && known.pc.remoteDescription && known.pc.connectionState !== 'closed') {
        // The same viewer offers again on the same connection: an ICE restart (its network changed).
        try {
          await known.pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
          await known.pc.setLocalDescription(await known.pc.createAnswer());
          socket?.send({ type: 'answer', sdp: known.pc.localDescription.sdp, viewerId });
        } catch (e) {
          console.warn('camgate: could not restart ICE with viewer', viewerId, e);
          dropPeer(viewerId);
        }
        break;
      }
      known?.pc.close();
      // ?relay=1 uses only TURN relays: a way to check a TURN setup from inside the home network.
      const policy = params.get('relay') === '1' ? 'relay' : 'all';
      const peer = { pc: new RTCPeerConnection({ iceServers, iceTransportPolicy: policy }), pending: [] };
      peers.set(viewerId, peer);
      showViewers();
      const { pc } = peer;
      pc.onicecandidate = (e) => {
        if (e.candidate && e.candidate.candidate) socket?.send({ type: 'candidate', ice: e.candidate.toJSON(), viewerId });
      };
      pc.onconnectionstatechange = () => {
        // A failed connection may still be restarted by the viewer (ICE restart); drop it if that does not come.
        if (pc.connectionState === 'failed') {
          setTimeout(() => {
            if (pc.connectionState === 'failed' && peers.get(viewerId)?.pc === pc) dropPeer(viewerId);
          }, 10000);
        }
      };
      try {
        await pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
        // addTrack after the offer reuses the viewer's recvonly transceiver and makes it send.
        media.stream.getTracks().forEach((t) => pc.addTrack(t, media.stream));
        for (const c of peer.pending.splice(0)) pc.addIceCandidate(c).catch(() => {});
        await pc.setLocalDescription(await pc.createAnswer());
        socket?.send({ type: 'answer', sdp: pc.localDescription.sdp, viewerId });
      } catch (e) {
        console.warn('camgate: could not answer viewer', viewerId, e);
        dropPeer(viewerId);
      }
      break;
    }
    case 'candidate': {
      const peer = peers.get(viewerId);
      if (!peer || !msg.ice) return;
      if (peer.pc.remoteDescription) peer.pc.addIceCandidate(msg.ice).catch(() => {});
      else peer.pending.push(msg.ice);
      break;
    }
    case 'bye':
      if (viewerId) dropPeer(viewerId);
      break;
    default:
      break;
  }
}

function dropPeer(viewerId) {
  peers.get(viewerId)?.pc.close();
  peers.delete(viewerId);
  showViewers();
}

function closeAllPeers() {
  peers.forEach(({ pc }) => pc.close());
  peers.clear();
  showViewers();
}

function stop() {
  publishing = false;
  clearTimeout(retryTimer);
  closeAllPeers();
  socket?.close();
  socket = null;
  media?.stop();
  media = null;
  $('preview').srcObject = null;
  $('start').disabled = false;
  $('stop').disabled = true;
  $('form').classList.remove('locked');
  setState('idle', 'Not publishing');
}

$('form').addEventListener('submit', start);
$('stop').onclick = stop;
addEventListener('pagehide', stop);
if (window.isSecureContext) listDevices();
else labelDevicesForInsecurePage();
// ?resolution=640x480 picks a size from the list (a bookmark for a phone on a weak network).
if ([...$('resolution').options].some((o) => o.value === params.get('resolution'))) $('resolution').value = params.get('resolution');
$('microphone').checked = params.has('audio') ? params.get('audio') === '1' : localStorage.getItem('camgate.publish.microphone') === '1';
$('microphone').onchange = () => localStorage.setItem('camgate.publish.microphone', $('microphone').checked ? '1' : '0');
if (params.get('autostart') === '1') start();
