// The viewer page: /view?camera=ID[&codec=H264|VP8|VP9|AV1][&autoplay=0][&relay=1]
import { api, clientConfig } from './signaling.js';

import { ENDED, ViewerSession } from './viewer-session.js';
import { StatsPanel } from './stats.js';

const params = new URLSearchParams(location.search);
const cameraId = params.get('camera');
const $ = (id) => document.getElementById(id);
const video = $('remote-video');

const session = new ViewerSession({
  cameraId,
  video,
  codec: params.get('codec') || 'H264',
  forceCodec: params.has('codec'),
  // ?relay=1 uses only TURN relays: a way to check a TURN setup from inside the home network.
  relay: params.get('relay') === '1',
  onstate: render,
});
window.camgate = { session };

function render(s) {
  const badge = $('state');
  badge.textContent = s.describe();
  badge.className = 'badge state-' + s.state;
  $('detail').textContent = s.detail;
  // Close codes and raw refusals are for whoever looks closer, not for the text people read.
  $('detail').title = s.technical;
  $('call').disabled = !ENDED.includes(s.state);
  $('hangup').disabled = ENDED.includes(s.state);
}

if (!cameraId) {
  $('camera-name').textContent = 'No camera chosen';
  $('detail').textContent = 'Open this page from the dashboard, or add ?camera=ID to the address.';
  $('call').disabled = true;
} else {
  $('camera-name').textContent = cameraId;
  api('cameras/' + encodeURIComponent(cameraId))
    .then((r) => (r.ok ? r.json() : null))
    .then((c) => {
      if (c) {
        $('camera-name').textContent = c.name;
        showRecordings(c);
        video.setAttribute('aria-label', 'Video from ' + c.name);
        document.title = 'camgate · ' + c.name;
      }
    })
    .catch(() => {});
  $('call').onclick = () => session.start();
  $('hangup').onclick = () => session.stop();
  if (params.get('autoplay') !== '0') session.start();
}

/** A recorded camera's viewer links to its recordings, for whoever may watch them. */
function showRecordings(c) {
  if (!c.recording) return;
  clientConfig().then((cfg) => {
    if (cfg.mayPlayback === false) return;
    const link = $('recordings');
    link.href = 'playback?camera=' + encodeURIComponent(cameraId);
    link.hidden = false;
  });
}

let stats = null;
$('show-stats').onchange = (e) => {
  $('stats').hidden = !e.target.checked;
  if (e.target.checked) stats = new StatsPanel($('stats'), () => session.pc);
  else stats?.dispose();
};
$('unmute').onchange = (e) => { video.muted = !e.target.checked; };

$('snapshot').onclick = () => {
  if (!video.videoWidth) return;
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  canvas.toBlob((blob) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `camgate-${cameraId}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }, 'image/png');
};

function toggleFullscreen() {
  const stage = $('stage');
  if (document.fullscreenElement) document.exitFullscreen();
  else (stage.requestFullscreen?.() ?? video.webkitEnterFullscreen?.());
}
$('fullscreen').onclick = toggleFullscreen;
// f for fullscreen, as video players do; never while typing into a field.
addEventListener('keydown', (e) => {
  if (e.key !== 'f' || e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.('input, textarea, select')) return;
  e.preventDefault();
  toggleFullscreen();
});

addEventListener('pagehide', () => session.stop());
