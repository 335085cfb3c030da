// Every camera the person may see, one tile each. A multi-viewer camera plays live in its tile; every other
// camera gets a placeholder that says why (offline and its reason, in use elsewhere, one viewer at a time)
// and opens /view on a tap. A tile whose camera has gone from the hub entirely (an ad-hoc camera that left)
// is removed. Tap a live tile (or press f on it) to enlarge it; Escape or another tap shrinks it.
//
// Single-viewer cameras (multiViewer false: UV4L, Momo in p2p mode) are never taken by the grid. A wall
// tablet watches all day without anyone looking; if it held the only seat, the person who actually wants
// to see that camera would be refused ("in use by another viewer"). Yielding instead would need the hub to
// take the seat back mid-call, and the tile would flicker between live and gone. So the grid leaves the
// seat free and its placeholder offers the camera with one tap.
import { api } from './signaling.js';

import { ViewerSession } from './viewer-session.js';

const grid = document.getElementById('grid');
const empty = document.getElementById('empty');
const announce = document.getElementById('announce');
const tiles = new Map(); // camera id → { tile, session, camera, said }
window.camgate = { tiles };

function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleString();
}

/** What a tile without video says: [kind, headline, reason]. Null when the tile should play. */
function placeholderFor(c, playing) {
  if (c.status === 'offline') {
    const why = c.lastError || (c.lastSeen ? 'Last seen ' + ago(c.lastSeen) : 'Never connected');
    return ['offline', 'Offline', why];
  }
  if (!c.multiViewer) {
    return c.status === 'in-use'
      ? ['in-use', 'In use elsewhere', 'One viewer at a time — tap to watch when it is free']
      : ['single', 'One viewer at a time — tap to watch', 'The grid leaves this camera free for whoever opens it'];
  }
  // Our own tile may be what makes a multi-viewer camera "in use" (its viewer limit): keep playing then.
  if (c.status === 'in-use' && !playing) return ['in-use', 'In use elsewhere', 'Its viewer limit is reached — tap to try'];
  return null;
}

function say(entry, words) {
  if (entry.said === words) return;
  entry.said = words;
  announce.textContent = `${entry.camera.name}: ${words}`;
}

function makeTile(c) {
  const tile = document.createElement('figure');
  tile.className = 'tile';
  tile.tabIndex = 0;
  tile.dataset.camera = c.id;
  tile.innerHTML = `<video playsinline muted autoplay></video>
    <p class="placeholder"><strong class="what"></strong><span class="why"></span></p>
    <figcaption><a></a><span class="badge"></span></figcaption>`;
  const link = tile.querySelector('a');
  link.href = 'view?camera=' + encodeURIComponent(c.id);
  tile.addEventListener('click', (e) => {
    if (e.target.closest('a')) return;
    if (tile.dataset.kind === 'live') toggleEnlarged(tile);
    else location.href = link.href;
  });
  return tile;
}

function showPlaceholder(entry, [kind, what, why]) {
  const { tile } = entry;
  tile.dataset.kind = kind;
  tile.dataset.state = kind;
  tile.querySelector('.placeholder').hidden = false;
  tile.querySelector('.what').textContent = what;
  tile.querySelector('.why').textContent = why;
  const badge = tile.querySelector('.badge');
  badge.textContent = { offline: 'Offline', 'in-use': 'In use', single: 'Tap to watch' }[kind];
  badge.className = 'badge ' + (kind === 'offline' ? 'status-offline' : kind === 'in-use' ? 'status-in-use' : 'state-idle');
  tile.setAttribute('aria-label', `${entry.camera.name}: ${what}. ${why}`);
  say(entry, what);
}

function showSession(entry, s) {
  const { tile } = entry;
  tile.dataset.kind = 'live';
  tile.dataset.state = s.state;
  const words = s.describe();
  const badge = tile.querySelector('.badge');
  badge.textContent = words;
  badge.className = 'badge state-' + s.state;
  const playing = s.state === 'live';
  tile.querySelector('.placeholder').hidden = playing;
  tile.querySelector('.what').textContent = s.state === 'connecting' ? 'Connecting…' : words;
  tile.querySelector('.why').textContent = playing ? '' : s.detail || '';
  tile.setAttribute('aria-label', `${entry.camera.name}: ${words}. Press f or tap to enlarge`);
  if (['live', 'offline', 'busy', 'error'].includes(s.state)) say(entry, playing ? 'live' : words);
}

function startSession(entry) {
  const session = new ViewerSession({
    cameraId: entry.camera.id,
    video: entry.tile.querySelector('video'),
    onstate: (s) => { if (entry.session === s) showSession(entry, s); },
  });
  entry.session = session;
  session.start();
}

function stopSession(entry) {
  const { session } = entry;
  entry.session = null;
  session?.stop();
}

function update(c) {
  let entry = tiles.get(c.id);
  if (!entry) {
    entry = { tile: makeTile(c), session: null, camera: c, said: null };
    tiles.set(c.id, entry);
  }
  entry.camera = c;
  entry.tile.querySelector('a').textContent = c.name;
  const placeholder = placeholderFor(c, entry.session !== null);
  if (placeholder) {
    stopSession(entry);
    showPlaceholder(entry, placeholder);
  } else if (!entry.session) {
    startSession(entry);
  }
  return entry.tile;
}

function toggleEnlarged(tile, wanted = !tile.classList.contains('enlarged')) {
  tile.classList.toggle('enlarged', wanted);
  if (wanted && tile.requestFullscreen) tile.requestFullscreen().catch(() => {}); // the CSS enlargement stays
  else if (!wanted && document.fullscreenElement) document.exitFullscreen().catch(() => {});
}

document.addEventListener('fullscreenchange', () => {
  if (!document.fullscreenElement) document.querySelectorAll('.tile.enlarged').forEach((t) => t.classList.remove('enlarged'));
});

document.addEventListener('keydown', (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const tile = document.activeElement?.closest?.('.tile');
  if (e.key === 'f' && tile && tile.dataset.kind === 'live') toggleEnlarged(tile);
  else if (e.key === 'Enter' && tile && e.target === tile) tile.click();
  else if (e.key === 'Escape') document.querySelectorAll('.tile.enlarged').forEach((t) => toggleEnlarged(t, false));
});

async function refresh() {
  let cameras;
  try {
    const r = await api('cameras', { cache: 'no-store' });
    ({ cameras } = await r.json());
  } catch {
    return;
  }
  cameras.forEach((c, i) => {
    const tile = update(c);
    if (grid.children[i] !== tile) grid.insertBefore(tile, grid.children[i] || null);
  });
  const known = new Set(cameras.map((c) => c.id));
  for (const [id, entry] of tiles) {
    if (!known.has(id)) {
      stopSession(entry);
      entry.tile.remove();
      tiles.delete(id);
    }
  }
  empty.hidden = tiles.size > 0;
}

refresh();
setInterval(refresh, 3000);
addEventListener('pagehide', () => tiles.forEach(stopSession));
