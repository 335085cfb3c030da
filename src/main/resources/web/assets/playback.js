// The recordings page: /playback?camera=ID[&t=MS] — a timeline of what camgate recorded, played through MSE.
import { api, clientConfig } from './signaling.js';
import { RecordingPlayer, clock, words } from './recording-player.js';
import { Timeline, describe } from './timeline.js';
import { ThumbStrip } from './thumbs.js';

const HOUR = 3_600_000;
const REFRESH_MS = 5000;
const params = new URLSearchParams(location.search);
const cameraId = params.get('camera');
const $ = (id) => document.getElementById(id);
const video = $('video');

const STATE_WORDS = {
  idle: 'Ready', loading: 'Loading', playing: 'Playing', paused: 'Paused', gap: 'Gap',
  none: 'No recording here', end: 'End of recordings', error: 'Error',
};

const player = new RecordingPlayer({ cameraId, video, onstate: render });
const timeline = new Timeline($('timeline'), { onseek: seek, onscrub: scrub });
const thumbs = new ThumbStrip($('thumbs'), cameraId, (t) => {
  timeline.setHead(t);
  seek(t);
});
window.camgate = { player, timeline, thumbs };
/** The window follows the present (moves on with the clock) until someone looks at another time. */
let following = true;

function render(p) {
  const badge = $('state');
  badge.textContent = STATE_WORDS[p.state] || p.state;
  badge.className = 'badge state-' + p.state;
  $('detail').textContent = p.detail;
  $('play').textContent = p.wantPlay && !['idle', 'none', 'end', 'error'].includes(p.state) ? 'Pause' : 'Play';
  // Only a recording with sound offers it; it starts muted, as browsers let only muted video play by itself.
  $('sound').hidden = !p.hasAudio;
  $('sound').textContent = video.muted ? 'Sound off' : 'Sound on';
  $('sound').setAttribute('aria-pressed', String(!video.muted));
}

function toggleSound() {
  video.muted = !video.muted;
  render(player);
}

function fail(message) {
  player.set('error', message);
  for (const b of document.querySelectorAll('main button, main input')) b.disabled = true;
  $('timeline').setAttribute('aria-disabled', 'true');
  $('timeline').tabIndex = -1;
}

function seek(t) {
  player.wantPlay = true;
  player.seek(t);
  render(player);
}

/** While a finger drags: the clock shows where, and buffered moments play at once. */
function scrub(t) {
  $('clock').textContent = clock(t);
  if (player.buffer && player.origin != null && !player.loading && player.isBuffered(t)) player.seek(t);
}

// --- the recorded spans and the recording status ---------------------------------------------------------

async function refresh() {
  if (document.visibilityState !== 'visible' && timeline.spans.length) return;
  const now = Date.now();
  if (following) timeline.show(now + ahead());
  let r;
  try {
    r = await api(`cameras/${encodeURIComponent(cameraId)}/recordings?from=${Math.floor(timeline.from)}&to=${Math.ceil(timeline.to) + 60_000}`, { cache: 'no-store' });
  } catch (e) {
    $('rec-detail').textContent = 'camgate is not reachable; retrying…';
    return;
  }
  if (!r.ok) {
    const why = await words(r);
    if (r.status === 403 || r.status === 404) fail(why);
    else $('rec-detail').textContent = why;
    return;
  }
  const list = await r.json();
  timeline.setSpans(list.spans, list.now);
  thumbs.update(timeline.from, timeline.to, list.spans);
  const newest = list.spans[list.spans.length - 1];
  if (newest && !video.poster && player.state === 'idle') {
    // Before anything plays, the newest recorded picture rather than a black box.
    video.poster = `api/cameras/${encodeURIComponent(cameraId)}/recordings/frame.jpg?at=${Math.max(newest.start, newest.end - 1000)}&width=640`;
  }
  player.recording = list.recording;
  recordingStatus(list.recording, list.spans);
  rangeLabel();
}

function recordingStatus(rec, spans) {
  const badge = $('rec');
  const [text, cls, detail] = !rec ? ['Not recorded', 'rec-off', 'camgate does not record this camera now.']
    : rec.state === 'recording' ? ['● REC', 'rec-on', `Recording since ${describe(rec.since)}.`]
    : rec.state === 'waiting' ? ['Waiting', 'rec-waiting', `Recording waits for the camera${rec.reason ? ': ' + rec.reason : ''}.`]
    : ['Stopped', 'rec-stopped', `Recording stopped: ${rec.reason || 'no reason given'}.`];
  badge.textContent = text;
  badge.className = 'badge ' + cls;
  badge.title = detail;
  $('rec-detail').textContent = detail + (spans.length ? '' : ' Nothing recorded in this stretch of time.');
}

function rangeLabel() {
  const hours = timeline.width / HOUR;
  const recent = Date.now() - timeline.to < 60_000;
  const span = hours < 1 ? `${Math.round(hours * 60)} minutes` : `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  $('range-label').textContent = recent ? `Last ${span}`
    : `${describe(timeline.from).replace(/:\d\d$/, '')} – ${describe(timeline.to).replace(/:\d\d$/, '')}`;
  $('later').disabled = recent;
  $('latest').disabled = recent;
}

/** A window that follows the present ends a little after it, so that the now marker and the newest span show. */
function ahead(width = timeline.width) {
  return width * 0.03;
}

function moveWindow(to, width = timeline.width) {
  const now = Date.now();
  following = to >= now - 1000;
  timeline.show(following ? now + ahead(width) : to, width);
  rangeLabel();
  refresh();
}

$('earlier').onclick = () => moveWindow(timeline.to - timeline.width);
$('later').onclick = () => moveWindow(timeline.to + timeline.width);
$('latest').onclick = () => moveWindow(Date.now());
for (const b of document.querySelectorAll('button.zoom')) {
  b.onclick = () => {
    const width = Number(b.dataset.minutes) * 60_000;
    for (const o of document.querySelectorAll('button.zoom')) o.setAttribute('aria-pressed', String(o === b));
    // Zooming keeps the playhead in view, a little left of the middle.
    const head = player.wallTime;
    moveWindow(head == null ? timeline.to : head + width * 0.4, width);
  };
}

// --- controls ------------------------------------------------------------------------------------------

function togglePlay() {
  if (['idle', 'none', 'end', 'error'].includes(player.state) || player.wallTime == null) {
    // Nothing loaded yet: the last minute recorded in view.
    const last = timeline.spans.filter((s) => s.start < timeline.to).pop();
    if (last) {
      const t = Math.max(last.start, Math.min(last.end, timeline.to) - 60_000);
      timeline.setHead(t);
      seek(t);
    }
    return;
  }
  if (player.wantPlay) player.pause();
  else player.play();
  render(player);
}
$('play').onclick = togglePlay;
$('sound').onclick = toggleSound;
for (const b of document.querySelectorAll('button.speed')) {
  b.onclick = () => {
    for (const o of document.querySelectorAll('button.speed')) o.setAttribute('aria-pressed', String(o === b));
    player.setRate(Number(b.dataset.rate));
  };
}
addEventListener('keydown', (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.('input, textarea, select, button, summary, a')) return;
  if (e.key === 'k' || e.key === ' ') {
    e.preventDefault();
    togglePlay();
  }
  if (e.key === 'm' && player.hasAudio) toggleSound();
});

/** The clock and the playhead follow the picture shown. */
function tick() {
  const t = player.wallTime;
  // While a finger drags, the clock and the playhead are where the finger is.
  if (t == null || timeline.dragging) return;
  $('clock').textContent = clock(t);
  $('clock').title = describe(t);
  timeline.setHead(t);
  // Playing on past the window's right edge (zoomed in) moves the window along.
  if (t > timeline.to && t <= Date.now()) moveWindow(t + timeline.width * 0.5);
}

// --- a clip to download ----------------------------------------------------------------------------------

function local(t) {
  const d = new Date(t);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

$('clip').addEventListener('toggle', () => {
  if (!$('clip').open) return;
  const head = player.wallTime ?? timeline.head ?? Date.now() - 30_000;
  $('clip-from').value = local(head - 30_000);
  $('clip-to').value = local(Math.min(Date.now(), head + 30_000));
});

$('clip-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const msg = $('clip-msg');
  const from = new Date($('clip-from').value).getTime();
  const to = new Date($('clip-to').value).getTime();
  if (!(from > 0 && to > 0)) return void (msg.textContent = 'Give a start and an end time.');
  if (to <= from) return void (msg.textContent = '“To” must be after “From”.');
  if (to - from > HOUR) return void (msg.textContent = 'A clip is at most one hour long.');
  const path = `cameras/${encodeURIComponent(cameraId)}/clip.mp4?from=${from}&to=${to}`;
  msg.textContent = 'Checking the recording…';
  // HEAD first: a time without recording gets words here instead of a download of an error.
  const r = await api(path, { method: 'HEAD', cache: 'no-store' }).catch(() => null);
  if (!r) return void (msg.textContent = 'camgate is not reachable.');
  if (!r.ok) return void (msg.textContent = r.status === 404 ? `Nothing was recorded between ${clock(from)} and ${clock(to)}.` : await words(r));
  const a = document.createElement('a');
  a.href = new URL('api/' + path, new URL('./', location.href)).href;
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
  const mb = Number(r.headers.get('Content-Length')) / 1e6;
  const start = Number(r.headers.get('X-Clip-Start')) || from;
  const end = Number(r.headers.get('X-Clip-End')) || to;
  // One file holds one stretch of one picture size: a gap or a change of size ends the clip early.
  const short = end < to - 1500 ? ` It ends at ${clock(end)}: the recording stops or changes picture size there.` : '';
  msg.textContent = `Downloading ${clock(start)} – ${clock(end)}${mb ? ` (${mb.toFixed(1)} MB)` : ''}.${short}`;
});

// --- start ---------------------------------------------------------------------------------------------

if (!cameraId) {
  $('camera-name').textContent = 'No camera chosen';
  fail('Open this page from the dashboard, or add ?camera=ID to the address.');
} else if (!RecordingPlayer.supported()) {
  fail('This browser cannot play recordings (it has no Media Source Extensions). Download a clip instead.');
  $('clip-from').disabled = $('clip-to').disabled = false;
  for (const b of document.querySelectorAll('#clip-form button')) b.disabled = false;
} else {
  $('live').href = 'view?camera=' + encodeURIComponent(cameraId);
  api('cameras/' + encodeURIComponent(cameraId))
    .then((r) => (r.ok ? r.json() : null))
    .then((c) => {
      if (!c) return;
      $('camera-name').textContent = c.name;
      video.setAttribute('aria-label', 'Recorded video from ' + c.name);
      document.title = 'camgate · recordings · ' + c.name;
    })
    .catch(() => {});
  clientConfig().then((cfg) => {
    if (cfg.mayPlayback === false) fail('You may watch this camera live but not its recordings (ask for the playback right).');
  });
  timeline.show(Date.now() + ahead());
  refresh().then(() => {
    const t = Number(params.get('t'));
    if (t > 0 && player.state !== 'error') {
      following = false;
      timeline.show(Math.min(Date.now(), t + timeline.width / 2));
      timeline.setHead(t);
      seek(t);
      refresh();
    }
  });
  setInterval(refresh, REFRESH_MS);
  setInterval(tick, 250);
  video.addEventListener('timeupdate', tick);
  document.addEventListener('visibilitychange', refresh);
}
addEventListener('pagehide', () => player.dispose());
