// A moving picture for devices without a webcam: colour bars, a sweeping bar and a clock, 30 frames a second.

export function testPatternStream(width, height) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  const colours = ['#c0c0c0', '#c0c000', '#00c0c0', '#00c000', '#c000c0', '#c00000', '#0000c0'];
  let frame = 0;
  const draw = () => {
    const w = width / colours.length;
    colours.forEach((c, i) => { ctx.fillStyle = c; ctx.fillRect(i * w, 0, w + 1, height); });
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect((frame * 8) % width, 0, width / 20, height);
    ctx.fillStyle = '#000a';
    ctx.fillRect(0, height - 70, width, 70);
    ctx.fillStyle = '#fff';
    ctx.font = `${Math.round(height / 12)}px system-ui, sans-serif`;
    ctx.fillText(`camgate test pattern · ${new Date().toLocaleTimeString()} · #${frame}`, 16, height - 24);
    frame++;
  };
  draw();
  const timer = setInterval(draw, 1000 / 30);
  const stream = canvas.captureStream(30);
  stream.getVideoTracks()[0].addEventListener('ended', () => clearInterval(timer));
  return { stream, stop: () => clearInterval(timer) };
}
