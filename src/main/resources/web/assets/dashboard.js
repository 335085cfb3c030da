// The dashboard: every camera with its live status, refreshed every 2 s without reloading.
import { api, clientConfig } from './signaling.js';

const list = document.getElementById('cameras');
const banner = document.getElementById('banner');
const empty = document.getElementById('empty');
// The address this browser reached camgate by is one Momo on the same network can use too.
const signalingUrl = new URL('signaling', location.href);
signalingUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
document.getElementById('momo-hint').textContent =
  `./momo --no-audio-device ayame --signaling-url ${signalingUrl.href} --room-id ID --signaling-key KEY`;
const announce = document.getElementById('announce');
const STATUS_WORDS = { online: 'Online', 'in-use': 'In use', offline: 'Offline', unknown: 'Unknown' };
// A relayed camera's thumbnail is camgate's snapshot of its latest keyframe, fetched again this often.
const THUMB_MS = 5000;
/** Whether this user may watch recordings: only then do recorded cameras get a Recordings link. */
// Unknown (null) until the client config says: no Recordings link is shown before then, so none flashes up
// for someone without the right.
let mayPlayback = null;
clientConfig().then((cfg) => {
  mayPlayback = cfg.mayPlayback !== false;
  refresh();
  refreshDisk();
});

function ago(iso, now = Date.now()) {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleString();
}

function card(c) {
  const li = document.createElement('li');
  li.className = 'card';
  li.dataset.camera = c.id;
  li.innerHTML = `
    <img class="thumb" alt="" hidden>
    <div class="card-head"><h2></h2><span class="rec-badge" hidden>● REC</span><span class="badge"></span></div>
    <p class="meta"><span class="type"></span> · <span class="id"></span></p>
    <p class="meta"><span class="viewers"></span> · <span class="seen"></span></p>
    <p class="meta relay" hidden></p>
    <p class="meta rec-line" hidden></p>
    <p class="error" hidden></p>
    <div class="actions"><a class="button primary watch">Watch</a><a class="button recordings" hidden>Recordings</a></div>`;
  const img = li.querySelector('.thumb');
  // Shown only once a picture has loaded, hidden again when one fails: never a broken-image icon.
  img.addEventListener('load', () => { img.hidden = false; });
  img.addEventListener('error', () => { img.hidden = true; img.removeAttribute('src'); });
  return li;
}

/** camgate makes snapshots of relayed H.264 cameras from a keyframe it holds; others have no thumbnail. */
function hasPicture(c) {
  return !!(c.relay && c.relay.codec === 'H264' && c.relay.keyframes > 0);
}

function loadThumb(li) {
  const img = li.querySelector('.thumb');
  if (!li.dataset.thumb) return;
  // The query only defeats caches: each load is a fresh snapshot.
  img.src = `api/cameras/${encodeURIComponent(li.dataset.camera)}/snapshot.jpg?t=${Date.now()}`;
}

function refreshThumbs() {
  if (document.visibilityState !== 'visible') return;
  for (const li of list.children) loadThumb(li);
}

/** A screen reader hears when a camera it already knew changes status (not the first listing). */
function announceChange(li, c) {
  const before = li.dataset.status;
  if (before && before !== 'unknown' && before !== c.status) {
    announce.textContent = `${c.name} is now ${(STATUS_WORDS[c.status] || c.status).toLowerCase()}.`;
  }
}

/** The hub cannot be asked: what the cards say is only the last known state, so they stop claiming it. */
function markUnknown() {
  list.classList.add('stale');
  for (const li of list.children) {
    li.dataset.status = 'unknown';
    const badge = li.querySelector('.badge');
    badge.textContent = STATUS_WORDS.unknown;
    badge.className = 'badge status-unknown';
    li.querySelector('.seen').textContent = 'status unknown while camgate is not reachable';
  }
}

/** A relayed camera's stream as camgate receives it: what someone checking a Pi's Wi-Fi wants to see. */
function relayWords(r) {
  if (!r.live) return 'Via camgate · not receiving now (connects when someone watches)';
  const parts = ['Via camgate', r.codec];
  if (r.width) parts.push(`${r.width}×${r.height}`);
  parts.push(`${r.frameRate} fps`, `${Math.round(r.bitrate / 1000)} kbit/s`);
  if (r.keyframeIntervalMillis) parts.push(`keyframe every ${(r.keyframeIntervalMillis / 1000).toFixed(1)} s`);
  return parts.join(' · ');
}

function fill(li, c) {
  announceChange(li, c);
  li.querySelector('h2').textContent = c.name;
  const badge = li.querySelector('.badge');
  badge.textContent = STATUS_WORDS[c.status] || c.status;
  badge.className = 'badge status-' + c.status;
  li.dataset.status = c.status;
  li.querySelector('.type').textContent = c.type + (c.adhoc ? ' (ad-hoc)' : '') + (c.relay ? ', relayed' : c.multiViewer ? ', many viewers' : ', one viewer at a time');
  li.querySelector('.id').textContent = c.id;
  li.querySelector('.viewers').textContent = `${c.viewers} watching`;
  li.querySelector('.viewers').dataset.count = c.viewers;
  li.querySelector('.seen').textContent = c.status !== 'offline' ? 'connected' : c.lastSeen ? 'last seen ' + ago(c.lastSeen) : 'never connected';
  const relay = li.querySelector('.relay');
  relay.hidden = !c.relay;
  relay.textContent = c.relay ? relayWords(c.relay) : '';
  const err = li.querySelector('.error');
  err.hidden = !c.lastError;
  err.textContent = c.lastError || '';
  li.querySelector('.watch').href = 'view?camera=' + encodeURIComponent(c.id);
  recording(li, c);
  const img = li.querySelector('.thumb');
  img.alt = `Latest picture from ${c.name}`;
  if (hasPicture(c) && !li.dataset.thumb) {
    li.dataset.thumb = '1';
    loadThumb(li);
  } else if (!hasPicture(c) && li.dataset.thumb) {
    delete li.dataset.thumb;
    img.hidden = true;
    img.removeAttribute('src');
  }
}

/** A recorded camera: a REC badge while it records, the reason when recording stopped, a link to its recordings. */
function recording(li, c) {
  const rec = c.recording;
  const badge = li.querySelector('.rec-badge');
  badge.hidden = rec?.state !== 'recording';
  badge.title = rec?.state === 'recording' ? 'camgate is recording this camera' + (rec.audio ? ', with its sound' : '') : '';
  const line = li.querySelector('.rec-line');
  line.hidden = rec?.state !== 'stopped';
  line.textContent = rec?.state === 'stopped' ? 'recording stopped: ' + (rec.reason || 'no reason given') : '';
  const link = li.querySelector('.recordings');
  link.hidden = !rec || !mayPlayback;
  link.href = 'playback?camera=' + encodeURIComponent(c.id);
  link.setAttribute('aria-label', 'Recordings of ' + c.name);
}

async function refresh() {
  try {
    const r = await api('cameras', { cache: 'no-store' });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    const { cameras } = await r.json();
    if (!banner.hidden) announce.textContent = 'camgate is reachable again.';
    banner.hidden = true;
    list.classList.remove('stale');
    const seen = new Set();
    cameras.forEach((c, i) => {
      seen.add(c.id);
      let li = list.querySelector(`[data-camera="${CSS.escape(c.id)}"]`);
      if (!li) li = card(c);
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
      fill(li, c);
    });
    [...list.children].forEach((li) => { if (!seen.has(li.dataset.camera)) li.remove(); });
    empty.hidden = cameras.length > 0;
  } catch (e) {
    banner.textContent = 'camgate is not reachable (' + e.message + '). Retrying…';
    banner.hidden = false;
    markUnknown();
  }
}

const diskWarning = document.getElementById('disk-warning');

function size(bytes) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return (v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)) + ' ' + units[u];
}

/** Recordings the budget or a full disk deletes early, or a paused recording, are worth a line at the top. */
async function refreshDisk() {
  if (!mayPlayback) return;
  try {
    const r = await api('recordings', { cache: 'no-store' });
    if (!r.ok) return;
    const s = await r.json();
    if (!s.enabled) { diskWarning.hidden = true; return; }
    const ret = s.retention;
    const days = Math.round(s.retentionMillis / 86400000);
    let words = '';
    if (ret.spaceShort) {
      words = 'Recording is paused: ' + ret.spaceShortReason + '. Free some space and it resumes by itself.';
    } else if (ret.budgetDeletedAt && s.now - ret.budgetDeletedAt < 86400000) {
      words = 'Recordings are deleted before they are ' + days + (days === 1 ? ' day' : ' days') + ' old: '
        + (ret.earlyReason === 'budget'
          ? 'they have reached their budget of ' + size(ret.budgetBytes) + ' (recording.budget).'
          : 'the disk is down to its free-space floor of ' + size(s.minFreeBytes) + ' (recording.min_free).')
        + ' Recordings take ' + size(ret.bytes) + '.';
    }
    diskWarning.textContent = words;
    diskWarning.hidden = words === '';
  } catch (e) {
    // The main banner already says when camgate cannot be reached.
  }
}

refresh();
refreshDisk();
setInterval(refresh, 2000);
setInterval(refreshDisk, 10000);
setInterval(refreshThumbs, THUMB_MS);
document.addEventListener('visibilitychange', refreshThumbs);
