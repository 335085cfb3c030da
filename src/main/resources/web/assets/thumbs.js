// A strip of pictures under the timeline: one per slot of the window, the keyframe camgate recorded there
// (recordings/frame.jpg), a button that plays from it. Slots lie on a grid of absolute time, so a window that
// moves on with the clock keeps its pictures, and only a new slot asks camgate for a new one.

const SLOT_PX = 104;

export class ThumbStrip {
  /** @param {HTMLElement} el @param {string} cameraId @param {(t: number) => void} onpick */
  constructor(el, cameraId, onpick) {
    this.el = el;
    this.cameraId = cameraId;
    this.onpick = onpick;
    this.slots = new Map(); // key -> {button, img, moment}
    this.queue = [];
    this.busy = false;
  }

  /** Shows the slots of [from, to] given the recorded spans; pictures load one at a time (camgate decodes them). */
  update(from, to, spans) {
    const n = Math.max(3, Math.min(12, Math.floor(this.el.clientWidth / SLOT_PX) || 4));
    const w = (to - from) / n;
    const wanted = [];
    for (let k = Math.floor(from / w); k * w < to; k++) {
      const start = k * w;
      const end = start + w;
      if (end <= from) continue;
      wanted.push({ key: `${Math.round(w)}:${k}`, moment: moment(start, end, spans) });
    }
    const keep = new Set(wanted.map((s) => s.key));
    for (const [key, slot] of this.slots) if (!keep.has(key)) { slot.button.remove(); this.slots.delete(key); }
    this.el.style.gridTemplateColumns = `repeat(${wanted.length}, minmax(0, 1fr))`;
    const buttons = wanted.map((s) => {
      let slot = this.slots.get(s.key);
      if (!slot || slot.moment !== s.moment) {
        slot?.button.remove();
        slot = this.slot(s.moment);
        this.slots.set(s.key, slot);
      }
      return slot.button;
    });
    this.el.replaceChildren(...buttons);
    this.el.hidden = !wanted.some((s) => s.moment != null);
    this.next();
  }

  slot(t) {
    if (t == null) {
      // Nothing recorded in this slot: a place holder, not a control.
      const empty = document.createElement('div');
      empty.className = 'thumb-slot empty';
      empty.setAttribute('aria-hidden', 'true');
      return { button: empty, moment: null };
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'thumb-slot';
    button.dataset.at = String(t);
    const img = document.createElement('img');
    img.alt = '';
    img.hidden = true;
    const label = document.createElement('span');
    label.className = 'thumb-time';
    const time = new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
    label.textContent = time;
    button.setAttribute('aria-label', 'Play from ' + time);
    button.onclick = () => this.onpick(t);
    button.append(img, label);
    this.queue.push({ img, t });
    return { button, img, moment: t };
  }

  next() {
    if (this.busy) return;
    let job = this.queue.shift();
    // Slots that went (the window moved on) before their turn are not asked for.
    while (job && !job.img.isConnected) job = this.queue.shift();
    if (!job) return;
    this.busy = true;
    const done = () => { this.busy = false; this.next(); };
    job.img.onload = () => { job.img.hidden = false; done(); };
    job.img.onerror = () => { job.img.hidden = true; done(); };
    job.img.src = `api/cameras/${encodeURIComponent(this.cameraId)}/recordings/frame.jpg?at=${Math.round(job.t)}&width=240`;
  }
}

/** The moment a slot shows: its middle if recorded, else the first recorded moment in it; null for none. */
function moment(start, end, spans) {
  const mid = Math.round((start + end) / 2);
  for (const s of spans) {
    if (s.start <= mid && mid < s.end) return mid;
  }
  // Half a second into what the slot holds: stable while the newest span grows.
  for (const s of spans) {
    if (s.end > start && s.start < end) return Math.round(Math.min(Math.max(s.start, start) + 500, (s.start + s.end) / 2));
  }
  return null;
}
