// Every online camera at once: one viewer session per tile. New cameras get a tile when they come online;
// a tile whose camera has gone from the hub entirely (an ad-hoc camera that left) is removed.
import { api } from './signaling.js';

import { ViewerSession } from './viewer-session.js';

const grid = document.getElementById('grid');
const empty = document.getElementById('empty');
const tiles = new Map();
window.camgate = { tiles };

function addTile(c) {
  const tile = document.createElement('figure');
  tile.className = 'tile';
  tile.dataset.camera = c.id;
  tile.innerHTML = `<video playsinline muted autoplay></video>
    <figcaption><a></a><span class="badge"></span></figcaption>`;
  const link = tile.querySelector('a');
  link.textContent = c.name;
  link.href = 'view?camera=' + encodeURIComponent(c.id);
  const badge = tile.querySelector('.badge');
  const session = new ViewerSession({
    cameraId: c.id,
    video: tile.querySelector('video'),
    onstate: (s) => {
      badge.textContent = s.describe();
      badge.className = 'badge state-' + s.state;
      tile.dataset.state = s.state;
    },
  });
  grid.append(tile);
  tiles.set(c.id, { tile, session });
  session.start();
}

async function refresh() {
  let cameras;
  try {
    const r = await api('cameras', { cache: 'no-store' });
    ({ cameras } = await r.json());
  } catch {
    return;
  }
  const known = new Set(cameras.map((c) => c.id));
  for (const c of cameras) {
    // A camera that is "in use" by a tile of ours still belongs on the grid.
    if (!tiles.has(c.id) && c.status === 'online') addTile(c);
  }
  for (const [id, { tile, session }] of tiles) {
    if (!known.has(id)) {
      session.stop();
      tile.remove();
      tiles.delete(id);
    }
  }
  empty.hidden = tiles.size > 0;
}

refresh();
setInterval(refresh, 3000);
addEventListener('pagehide', () => tiles.forEach(({ session }) => session.stop()));
