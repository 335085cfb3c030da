// Live call statistics from RTCPeerConnection.getStats(), once a second, with a small bitrate/fps graph.

const HISTORY = 60;

export class StatsPanel {
  constructor(element, getPc) {
    this.element = element;
    this.getPc = getPc;
    this.last = null;
    this.samples = [];
    this.element.innerHTML = `
      <dl class="stats-list"></dl>
      <canvas class="stats-graph" width="240" height="60" aria-label="bitrate and frame rate, last minute"></canvas>
      <div class="stats-legend"><span class="swatch bitrate"></span>kbit/s <span class="swatch fps"></span>fps</div>`;
    this.list = this.element.querySelector('.stats-list');
    this.canvas = this.element.querySelector('canvas');
    this.timer = setInterval(() => this.update(), 1000);
  }

  async update() {
    const pc = this.getPc();
    if (!pc) {
      this.last = null;
      this.render({});
      return;
    }
    const report = await pc.getStats();
    let inbound = null;
    let pair = null;
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') inbound = s;
      if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
    });
    if (!pair) report.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
    if (!inbound) {
      this.render({});
      return;
    }
    const codec = inbound.codecId ? report.get(inbound.codecId) : null;
    let kbps = null;
    if (this.last && inbound.timestamp > this.last.timestamp) {
      kbps = ((inbound.bytesReceived - this.last.bytesReceived) * 8) / (inbound.timestamp - this.last.timestamp);
    }
    this.last = inbound;
    const lost = inbound.packetsLost ?? 0;
    const total = lost + (inbound.packetsReceived ?? 0);
    const values = {
      Codec: codec ? codec.mimeType.replace('video/', '') : '–',
      Resolution: inbound.frameWidth ? `${inbound.frameWidth}×${inbound.frameHeight}` : '–',
      FPS: inbound.framesPerSecond != null ? Math.round(inbound.framesPerSecond) : '–',
      Bitrate: kbps != null ? `${Math.round(kbps)} kbit/s` : '–',
      RTT: pair?.currentRoundTripTime != null ? `${Math.round(pair.currentRoundTripTime * 1000)} ms` : '–',
      'Packet loss': total > 0 ? `${((lost * 100) / total).toFixed(1)} %` : '0 %',
    };
    this.samples.push({ kbps: kbps ?? 0, fps: inbound.framesPerSecond ?? 0 });
    if (this.samples.length > HISTORY) this.samples.shift();
    this.render(values);
  }

  render(values) {
    this.list.innerHTML = Object.entries(values)
      .map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`)
      .join('') || '<div><dt>No video yet</dt><dd></dd></div>';
    this.draw();
  }

  draw() {
    const ctx = this.canvas.getContext('2d');
    const { width, height } = this.canvas;
    ctx.clearRect(0, 0, width, height);
    const line = (key, color, max) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      this.samples.forEach((s, i) => {
        const x = (i / (HISTORY - 1)) * width;
        const y = height - 2 - (Math.min(s[key], max) / max) * (height - 4);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
    };
    const maxKbps = Math.max(500, ...this.samples.map((s) => s.kbps)) * 1.1;
    line('kbps', '#4fb3ff', maxKbps);
    line('fps', '#ffb347', 60);
  }

  dispose() {
    clearInterval(this.timer);
  }
}
