// Time to first frame in headless Chromium: the same two pages (bench/first-frame/) over camgate and over
// the bare relay, run by run in turn, plus camgate's own /publish and /view pages as an informational line.
// Meant to run inside a loopback-only network namespace (bench/first-frame/run does that).
// Result lines go to stdout, progress to stderr.
//   node bench/first-frame.mjs [--runs N] [--ui-runs N] [--deadline SECONDS]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const top = dirname(here);
const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  const [name, value] = [process.argv[i], Number(process.argv[i + 1])];
  if (!/^--(runs|ui-runs|deadline)$/.test(name) || !(value >= 0)) {
    console.error('usage: first-frame.mjs [--runs N] [--ui-runs N] [--deadline SECONDS]');
    process.exit(2);
  }
  args[name.slice(2)] = value;
}
const runs = args.runs ?? 30;
const uiRuns = args['ui-runs'] ?? 10;
const warmups = 2;
// Past this point no new run starts; the results so far are printed. bench/first-frame/run ends a hang later.
const deadline = Date.now() + (args.deadline ?? 280) * 1000;
const RUN_TIMEOUT_MS = 15000;
// Before the click: lets the tabs just opened (and the ones just closed) finish their own work first.
const SETTLE_MS = 250;

const log = (...a) => console.error('first-frame:', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmp = mkdtempSync(join(tmpdir(), 'camgate-first-frame-'));
const children = [];

const alive = (c) => c.exitCode === null && c.signalCode === null;
function signal(sig) {
  for (const c of children.filter(alive)) {
    // Chromium runs in a process group of its own (its helpers with it); the others are single processes.
    try { process.kill(c.group ? -c.pid : c.pid, sig); } catch { /* already gone */ }
  }
}
let stopping = false;
async function shutdown(code) {
  stopping = true;
  signal('SIGTERM');
  for (let i = 0; i < 100 && children.some(alive); i++) await sleep(50);
  signal('SIGKILL');
  try { rmSync(tmp, { recursive: true, force: true }); } catch { /* Chromium may still be writing */ }
  process.exit(code);
}
process.on('exit', () => signal('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { log('stopped by', sig); shutdown(130); });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitPort(port, what, child) {
  for (let i = 0; i < 1000; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited: ${child.output()}`);
    const ok = await new Promise((r) => net.connect(port, '127.0.0.1').on('connect', function () { this.destroy(); r(true); }).on('error', () => r(false)));
    if (ok) return;
    await sleep(20);
  }
  throw new Error(`${what} did not listen on ${port}: ${child.output()}`);
}

function start(what, cmd, argv, { group = false } = {}) {
  const child = spawn(cmd, argv, { cwd: top, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  child.group = group;
  let tail = '';
  const keep = (d) => { tail = (tail + d).slice(-4000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.output = () => tail.trim();
  child.on('exit', (code, sig) => { if (!stopping) log(`${what} exited (${code ?? sig})`); });
  children.push(child);
  return child;
}

function serveStatic() {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname.slice(1);
    if (!/^[a-z-]+\.html$/.test(name)) return res.writeHead(404).end();
    try {
      const body = readFileSync(join(here, 'first-frame', name));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// A minimal DevTools protocol client: commands and their answers (nothing here needs events).
class Cdp {
  constructor(url) {
    this.ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 << 20 });
    this.next = 1;
    this.calls = new Map();
    this.ws.on('message', (data) => {
      const msg = JSON.parse(data);
      const call = this.calls.get(msg.id);
      if (!call) return;
      this.calls.delete(msg.id);
      if (msg.error) call.reject(new Error(`${call.method}: ${msg.error.message}`));
      else call.resolve(msg.result);
    });
    this.ws.on('close', () => this.calls.forEach((c) => c.reject(new Error('DevTools connection closed'))));
  }

  opened() { return once(this.ws, 'open'); }

  send(method, params = {}, sessionId = undefined, timeoutMs = 30000) {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.calls.delete(id); reject(new Error(`${method}: no answer in ${timeoutMs} ms`)); }, timeoutMs);
      this.calls.set(id, {
        method,
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
    });
  }
}

class Tab {
  static async open(cdp, url, { beforeLoad = null } = {}) {
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
    const tab = new Tab(cdp, targetId, sessionId);
    if (beforeLoad) {
      await tab.send('Page.enable');
      await tab.send('Page.addScriptToEvaluateOnNewDocument', { source: beforeLoad });
    }
    // Only the front tab renders, and requestVideoFrameCallback needs rendering.
    await tab.send('Page.bringToFront');
    await tab.send('Page.navigate', { url });
    return tab;
  }

  constructor(cdp, targetId, sessionId) { Object.assign(this, { cdp, targetId, sessionId }); }

  send(method, params, timeoutMs) { return this.cdp.send(method, params, this.sessionId, timeoutMs); }

  /** Evaluates an expression (awaiting a promise) and returns its value, or throws the page's error. */
  async eval(expression, timeoutMs = 30000) {
    const r = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, timeoutMs);
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description?.split('\n')[0] || r.exceptionDetails.text);
    return r.result.value;
  }

  /** Polls an expression until it is truthy (the page may still be loading). */
  async waitFor(expression, timeoutMs) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      try {
        last = await this.eval(`(async () => { try { return await (${expression}); } catch (e) { return false; } })()`, timeoutMs);
        if (last) return last;
      } catch (e) { last = e.message; }
      await sleep(50);
    }
    throw new Error(`timed out waiting for ${expression} (last: ${last})`);
  }

  close() { return this.cdp.send('Target.closeTarget', { targetId: this.targetId }).catch(() => {}); }
}

async function launchChromium() {
  const chromium = start('chromium', '/usr/bin/chromium', [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${join(tmp, 'profile')}`, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
    // The camera tab keeps sending while the viewer tab is in front.
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows', '--autoplay-policy=no-user-gesture-required',
    '--window-size=1280,900', '--remote-debugging-port=0', 'about:blank',
  ], { group: true });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('Chromium did not start: ' + seen)), 20000);
    chromium.stderr.on('data', (d) => {
      seen += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    chromium.on('exit', () => reject(new Error('Chromium exited: ' + seen)));
  });
  const cdp = new Cdp(url);
  await cdp.opened();
  return cdp;
}

// Installed before any script of camgate's /view page runs: records when the first real frame of the
// page's <video> is presented, counted from navigation start (performance.now()'s origin), and when the
// viewer session passed its states (to tell page load, signaling and a retry apart).
const FRAME_HOOK = `
  const marks = {};
  const at = () => Math.round(performance.now());
  let held;
  Object.defineProperty(window, 'camgate', { configurable: true, get: () => held, set: (value) => {
    held = value;
    const session = value?.session;
    if (!session) return;
    const set = session.set.bind(session);
    session.set = (state, detail) => {
      const name = state === 'connecting' && session.pc ? 'accept' : state;
      if (!(name in marks)) marks[name] = at();
      return set(state, detail);
    };
  } });
  window.__firstFrame = new Promise((resolve) => {
    const hook = () => {
      const video = document.querySelector('video');
      const onFrame = (now, meta) => {
        if (meta.width <= 2 || meta.height <= 2) return video.requestVideoFrameCallback(onFrame);
        const frame = meta.presentationTime ?? now;
        // Module scripts run before DOMContentLoaded: its end is when view.js has started the call.
        const nav = performance.getEntriesByType('navigation')[0];
        resolve({ ms: frame, width: meta.width, height: meta.height,
          marks: { page_ready: Math.round(nav?.domContentLoadedEventEnd ?? -1), ...marks, frame: Math.round(frame) } });
      };
      video.requestVideoFrameCallback(onFrame);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', hook); else hook();
  });`;

async function benchRun(cdp, signalingUrl, pagesOrigin) {
  const room = 'ff-' + Math.random().toString(36).slice(2, 10);
  const query = `?ws=${encodeURIComponent(signalingUrl)}&room=${room}`;
  const tabs = [];
  try {
    const camera = await Tab.open(cdp, `${pagesOrigin}/camera.html${query}`);
    tabs.push(camera);
    await camera.waitFor(`typeof window.ready === 'object'`, 10000);
    await camera.eval('window.ready', 10000);
    const viewer = await Tab.open(cdp, `${pagesOrigin}/viewer.html${query}`);
    tabs.push(viewer);
    await viewer.waitFor(`document.readyState === 'complete' && typeof window.start === 'function'`, 10000);
    await sleep(SETTLE_MS);
    return await viewer.eval('window.start()', RUN_TIMEOUT_MS + 5000);
  } finally {
    for (const t of tabs.reverse()) await t.close();
  }
}

// camgate's own pages: a /publish camera and a /view viewer. Without `camera`, an ad-hoc camera of a fresh name
// (direct); with it, a configured one (relayed or direct). `joining`: another viewer already watches, so a
// relayed camera is live in camgate with its latest keyframe kept, and the measured viewer joins that.
async function uiRun(cdp, camgateOrigin, { camera = null, key = '', joining = false } = {}) {
  camera ??= 'ff-ui-' + Math.random().toString(36).slice(2, 10);
  const tabs = [];
  try {
    const publish = await Tab.open(cdp, `${camgateOrigin}/publish?camera=${camera}${key ? '&key=' + key : ''}&autostart=1`);
    tabs.push(publish);
    await publish.waitFor(`window.camgate?.publisher?.state === 'live'`, 10000);
    if (joining) {
      const first = await Tab.open(cdp, `${camgateOrigin}/view?camera=${camera}`);
      tabs.push(first);
      await first.waitFor(`window.camgate?.session?.state === 'live'`, RUN_TIMEOUT_MS);
    }
    await sleep(SETTLE_MS);
    const view = await Tab.open(cdp, `${camgateOrigin}/view?camera=${camera}`, { beforeLoad: FRAME_HOOK });
    tabs.push(view);
    await view.waitFor(`typeof window.__firstFrame === 'object'`, 10000);
    const frame = await view.eval(`Promise.race([window.__firstFrame,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no frame within 15 s: ' + window.camgate?.session?.state
        + ' ' + window.camgate?.session?.detail)), ${RUN_TIMEOUT_MS}))])`, RUN_TIMEOUT_MS + 5000);
    const stats = await view.eval(`(async () => {
      const s = await window.camgate.session.pc.getStats(); let codec = '?';
      s.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') codec = s.get(r.codecId)?.mimeType || '?'; });
      return { codec }; })()`);
    return { ...frame, ...stats };
  } finally {
    for (const t of tabs.reverse()) await t.close();
  }
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1];

// `steps` are marks whose medians are printed too: where in the call the time goes.
function summary(server, pages, results, steps) {
  const ok = results.filter((r) => r.ms !== undefined);
  const ms = ok.map((r) => r.ms).sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)];
  const f = (x) => `${Math.round(x)}ms`;
  let figures = '';
  if (ms.length) {
    figures = ` p50=${f(q(0.5))} p90=${f(q(0.9))} min=${f(ms[0])} max=${f(ms[ms.length - 1])}`;
    for (const step of steps) {
      const xs = ok.map((r) => r.marks?.[step]).filter((x) => x !== undefined);
      if (xs.length) figures += ` ${step}_p50=${f(median(xs))}`;
    }
  }
  return { line: `first_frame server=${server} pages=${pages} runs=${results.length} failed=${results.length - ok.length}${figures}`, p50: ms.length ? q(0.5) : null };
}

// Click to: accept (socket open and registered), answer (offer relayed, answered, relayed back), ICE connected.
const BENCH_STEPS = ['accept', 'answer', 'ice_connected'];

async function main() {
  const pages = await serveStatic();
  const pagesOrigin = `http://127.0.0.1:${pages.address().port}`;
  const [camgatePort, barePort] = [await freePort(), await freePort()];
  writeFileSync(join(tmp, 'camgate.yaml'), `auth: none
listen: 127.0.0.1
port: ${camgatePort}
limits: {connections_per_ip: 1000000, registrations_per_second: 1000000}
web: {allowed_origins: ["${pagesOrigin}"]}
cameras:
  - {id: ff-relayed, name: Relayed, type: browser, key: ff-relayed-key, relay: true}
  - {id: ff-direct, name: Direct, type: browser, key: ff-direct-key, relay: false}
`);
  const camgate = start('camgate', join(top, 'camgate'), ['-c', join(tmp, 'camgate.yaml'), '--state-dir', join(tmp, 'state')]);
  const bare = start('bare relay', process.execPath, [join(here, 'bare-relay.mjs'), String(barePort)]);
  await waitPort(camgatePort, 'camgate', camgate);
  await waitPort(barePort, 'bare relay', bare);
  const cdp = await launchChromium();
  log(`camgate on ${camgatePort}, bare relay on ${barePort}, pages on ${pagesOrigin}; ${runs} runs per server, ${uiRuns} with camgate's pages`);

  const servers = [
    { name: 'camgate', pages: 'bench', run: () => benchRun(cdp, `ws://127.0.0.1:${camgatePort}/signaling`, pagesOrigin), want: runs, steps: BENCH_STEPS },
    { name: 'bare', pages: 'bench', run: () => benchRun(cdp, `ws://127.0.0.1:${barePort}/`, pagesOrigin), want: runs, steps: BENCH_STEPS },
    { name: 'camgate', pages: 'camgate-ui', run: () => uiRun(cdp, `http://127.0.0.1:${camgatePort}`), want: uiRuns, steps: ['page_ready', 'accept', 'live'] },
    // The same browser camera, configured direct and relayed; the relayed one also with a viewer already on it.
    ...[['direct', 'ff-direct', false], ['relayed', 'ff-relayed', false], ['relayed-joining', 'ff-relayed', true]].map(([pages, camera, joining]) => ({
      name: 'camgate', pages: 'camgate-ui-' + pages, want: uiRuns, steps: ['page_ready', 'accept', 'live'],
      run: () => uiRun(cdp, `http://127.0.0.1:${camgatePort}`, { camera, key: camera + '-key', joining }),
    })),
  ].filter((s) => s.want > 0);
  for (const s of servers) s.results = [];
  // Interleaved, so that anything drifting on the machine (another process, Chromium's caches) hits all alike.
  const rounds = warmups + Math.max(runs, uiRuns);
  outer: for (let i = 0; i < rounds; i++) {
    for (const s of servers) {
      if (i >= warmups + s.want) continue;
      if (Date.now() > deadline) { log('deadline reached: stopping early'); break outer; }
      const label = `${s.name}/${s.pages} ${i < warmups ? 'warm-up' : 'run ' + (i - warmups + 1)}`;
      let r;
      const began = Date.now();
      try {
        r = await s.run();
        log(`${label}: ${Math.round(r.ms)} ms (run took ${Date.now() - began} ms) ${r.width}x${r.height} ${r.codec}${r.pair ? ' ' + r.pair : ''} ${JSON.stringify(r.marks)}`);
      } catch (e) {
        r = { error: e.message };
        log(`${label}: FAILED ${e.message}`);
      }
      if (i >= warmups) s.results.push(r);
    }
  }

  const sums = servers.map((s) => ({ ...s, ...summary(s.name, s.pages, s.results, s.steps) }));
  for (const s of sums) console.log(s.line);
  const [a, b] = ['camgate', 'bare'].map((n) => sums.find((s) => s.name === n && s.pages === 'bench'));
  if (a?.p50 && b?.p50) console.log(`first_frame camgate/bare p50=${(a.p50 / b.p50).toFixed(2)}x`);
  const ui = (pages) => sums.find((s) => s.pages === 'camgate-ui-' + pages)?.p50;
  for (const pages of ['relayed', 'relayed-joining']) {
    if (ui(pages) && ui('direct')) console.log(`first_frame ${pages}/direct p50=${(ui(pages) / ui('direct')).toFixed(2)}x`);
  }
  return sums.some((s) => s.p50 === null) ? 1 : 0;
}

main().then(shutdown, (e) => { log(e.stack || e.message); shutdown(1); });
