// Draws docs/benchmarks.svg from a bench/run results file: relay latency (p50 and p99, 1,000 pairs, 4 KiB)
// and memory per idle connection, camgate, the bare relay and the PeerJS server as measured, Ayame and the
// blog's server from the figures published in the benchmark issue (marked as such).
// Usage: node bench/chart.mjs bench/results/FILE.txt [MORE.txt ...] docs/benchmarks.svg  (a later file's
// line wins, e.g. an `bench/run idle` rerun over the full run's idle line)
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const output = args.pop();
const lines = args.flatMap((f) => readFileSync(f, 'utf8').split('\n'));
const field = (line, name) => Number((line.match(new RegExp(`${name}=([0-9.]+)`)) || [])[1]);
const find = (prefix, ...must) => [...lines].reverse().find((l) => l.startsWith(prefix + ' ') && must.every((m) => l.includes(m))) || '';

const latency = (name) => {
  const l = find(name, 'latency', 'pairs=1000', 'size=4096');
  return { p50: field(l, 'p50'), p99: field(l, 'p99') };
};
const memory = (name) => field(find(name, 'idle'), 'rss_per_conn_kib');

const rows = [
  { name: 'camgate', measured: true, ...latency('camgate'), mem: memory('camgate') },
  { name: 'bare Node ws relay', measured: true, ...latency('bare'), mem: memory('bare') },
  { name: 'Ayame (Go) *', p50: 0.18, p99: 10.1, mem: 36 },
  { name: 'PeerJS server', measured: true, ...latency('peerjs'), mem: memory('peerjs') },
  { name: "the blog's Node server *", p50: 0.79, p99: 2.1, mem: 13.4 },
];

const W = 940, rowH = 34, top = 70, left = 210, barW = 250, gap = 120;
const H = top + rows.length * rowH + 70;
const maxLat = Math.max(...rows.flatMap((r) => [r.p50, r.p99]).filter(Number.isFinite));
const maxMem = Math.max(...rows.map((r) => r.mem).filter(Number.isFinite));
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const out = [];
out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="13">`);
out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
out.push(`<text x="${left}" y="24" font-size="15" font-weight="bold">Relay latency, 1,000 pairs × 4 KiB (ms)</text>`);
out.push(`<text x="${left + barW + gap}" y="24" font-size="15" font-weight="bold">Memory per idle connection (KiB, RSS)</text>`);
out.push(`<text x="${left}" y="44" fill="#555">light: p50, dark: p99 (scale ${maxLat.toFixed(1)} ms)</text>`);
rows.forEach((r, i) => {
  const y = top + i * rowH;
  out.push(`<text x="${left - 10}" y="${y + 16}" text-anchor="end" font-weight="${r.measured ? 'bold' : 'normal'}">${esc(r.name)}</text>`);
  if (Number.isFinite(r.p99)) {
    out.push(`<rect x="${left}" y="${y + 2}" width="${(r.p99 / maxLat) * barW}" height="22" fill="#1f5fa8"/>`);
    out.push(`<rect x="${left}" y="${y + 2}" width="${Math.max(1, (r.p50 / maxLat) * barW)}" height="22" fill="#8fb8e8"/>`);
    out.push(`<text x="${left + (r.p99 / maxLat) * barW + 6}" y="${y + 18}">${r.p50} / ${r.p99}</text>`);
  }
  if (Number.isFinite(r.mem)) {
    const x = left + barW + gap;
    out.push(`<rect x="${x}" y="${y + 2}" width="${(r.mem / maxMem) * barW}" height="22" fill="#2f8f57"/>`);
    out.push(`<text x="${x + (r.mem / maxMem) * barW + 6}" y="${y + 18}">${r.mem}</text>`);
  }
});
out.push(`<text x="10" y="${H - 34}" fill="#555">Bold: measured side by side by bench/run (${esc((lines[1] || '').replace('# machine: ', ''))}).</text>`);
out.push(`<text x="10" y="${H - 14}" fill="#555">* figures published in the benchmark issue for the same kind of machine (docs/benchmarks.md). Memory: resident set per connection.</text>`);
out.push('</svg>');
writeFileSync(output, out.join('\n') + '\n');
console.log(`wrote ${output}`);
