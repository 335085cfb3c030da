// The recordings timeline: a window of time (10 min, 1 h, 6 h or 24 h) with the recorded spans, the gaps between them,
// hour labels, a "now" marker and the playhead. Tap, click or drag on it to play from there; it is a slider
// for the keyboard (arrow keys step 10 s, with Shift 1 min, Page Up/Down 10 min, Home/End the window's ends).

const HOUR = 3_600_000;
/** Label spacing per window length: an hour label every n hours, ticks in between. */
const LABELS = { [HOUR / 6]: 60_000, [HOUR]: 10 * 60_000, [6 * HOUR]: HOUR, [24 * HOUR]: 3 * HOUR };

export class Timeline {
  /**
   * @param {HTMLElement} el the slider element
   * @param {{onseek: (t: number, final: boolean) => void, onscrub: (t: number) => void}} handlers
   */
  constructor(el, { onseek, onscrub }) {
    this.el = el;
    this.onseek = onseek;
    this.onscrub = onscrub || (() => {});
    this.spans = [];
    this.now = Date.now();
    this.width = 24 * HOUR;
    this.to = this.now;
    this.head = null;
    el.innerHTML = '<div class="tl-track"></div><div class="tl-labels" aria-hidden="true"></div>'
      + '<div class="tl-now" aria-hidden="true"></div><div class="tl-head" aria-hidden="true" hidden></div>';
    this.track = el.querySelector('.tl-track');
    this.labels = el.querySelector('.tl-labels');
    this.nowMark = el.querySelector('.tl-now');
    this.headMark = el.querySelector('.tl-head');
    el.addEventListener('pointerdown', (e) => this.down(e));
    el.addEventListener('pointermove', (e) => this.move(e));
    el.addEventListener('pointerup', (e) => this.up(e));
    el.addEventListener('pointercancel', () => { this.dragging = false; });
    el.addEventListener('keydown', (e) => this.key(e));
  }

  get from() {
    return this.to - this.width;
  }

  /** The window [to - width, to]. */
  show(to, width = this.width) {
    this.width = width;
    this.to = to;
    this.render();
  }

  setSpans(spans, now) {
    this.spans = spans;
    this.now = now;
    this.render();
  }

  setHead(t) {
    this.head = t == null ? null : Math.round(t);
    this.placeHead();
  }

  x(t) {
    return ((t - this.from) / this.width) * 100;
  }

  timeAt(clientX) {
    const r = this.el.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    // The future part of the bar plays the newest picture: as near live as recordings get.
    return Math.min(Date.now(), Math.round(this.from + f * this.width));
  }

  /** Whether t lies in a recorded span. */
  recorded(t) {
    return this.spans.some((s) => s.start <= t && t < s.end);
  }

  render() {
    const from = this.from;
    const to = this.to;
    const parts = this.spans.filter((s) => s.end > from && s.start < to).map((s) => {
      const d = document.createElement('div');
      d.className = 'tl-span';
      const a = Math.max(0, this.x(s.start));
      d.style.left = a + '%';
      d.style.width = Math.min(100, this.x(s.end)) - a + '%';
      return d;
    });
    if (this.now < to) {
      // What has not happened yet is not a gap.
      const f = document.createElement('div');
      f.className = 'tl-future';
      f.style.left = Math.max(0, this.x(this.now)) + '%';
      parts.unshift(f); // under the spans: the newest one ends at now
    }
    this.track.replaceChildren(...parts);
    const step = LABELS[this.width] || 3 * HOUR;
    const labels = [];
    // Labels at whole local hours (or ten minutes): the first at or after the window's start.
    const first = new Date(from);
    const minutes = step / 60_000;
    if (step < HOUR) first.setMinutes(Math.ceil((first.getMinutes() + first.getSeconds() / 60) / minutes) * minutes, 0, 0);
    else first.setMinutes(0, 0, 0);
    if (step >= HOUR) {
      if (first.getTime() < from) first.setHours(first.getHours() + 1);
      while (first.getHours() % (step / HOUR) !== 0) first.setHours(first.getHours() + 1);
    }
    for (let t = first.getTime(); t <= to; t += step) {
      // A label centred on either end would stick out of the timeline.
      if (this.x(t) < 3 || this.x(t) > 97) continue;
      const l = document.createElement('span');
      l.className = 'tl-label';
      l.style.left = this.x(t) + '%';
      const d = new Date(t);
      l.textContent = d.getHours() === 0 && d.getMinutes() === 0
        ? d.toLocaleDateString([], { day: 'numeric', month: 'short' })
        : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
      labels.push(l);
    }
    this.labels.replaceChildren(...labels);
    this.nowMark.hidden = this.now < from || this.now > to;
    this.nowMark.style.left = this.x(this.now) + '%';
    this.el.setAttribute('aria-valuemin', String(Math.round(from / 1000)));
    this.el.setAttribute('aria-valuemax', String(Math.round(to / 1000)));
    this.placeHead();
  }

  placeHead() {
    const t = this.head;
    const inView = t != null && t >= this.from && t <= this.to;
    this.headMark.hidden = !inView;
    if (inView) this.headMark.style.left = this.x(t) + '%';
    if (t != null) {
      this.el.setAttribute('aria-valuenow', String(Math.round(t / 1000)));
      this.el.setAttribute('aria-valuetext', describe(t) + (this.recorded(t) ? ', recorded' : ', no recording'));
    }
  }

  down(e) {
    if (e.button !== 0) return;
    try {
      this.el.setPointerCapture(e.pointerId); // a drag that leaves the bar still scrubs
    } catch {
      // no capture for this pointer: the drag ends at the bar's edge
    }
    this.dragging = true;
    this.el.focus({ preventScroll: true });
    const t = this.timeAt(e.clientX);
    this.pressedAt = t;
    this.setHead(t);
    // Loading starts on the press itself: a tap plays as soon as it can.
    this.onseek(t, false);
  }

  move(e) {
    if (!this.dragging) return;
    const t = this.timeAt(e.clientX);
    this.setHead(t);
    this.onscrub(t);
  }

  up(e) {
    if (!this.dragging) return;
    this.dragging = false;
    const t = this.timeAt(e.clientX);
    // A tap already started at its press; only a drag ends somewhere new.
    if (t === this.pressedAt) return;
    this.setHead(t);
    this.onseek(t, true);
  }

  key(e) {
    const step = { ArrowLeft: -10_000, ArrowRight: 10_000, ArrowDown: -10_000, ArrowUp: 10_000, PageDown: -600_000, PageUp: 600_000 }[e.key];
    let t = this.head ?? this.now;
    if (step) t += e.shiftKey ? step * 6 : step;
    else if (e.key === 'Home') t = this.from;
    else if (e.key === 'End') t = Math.min(this.to, Date.now());
    else return;
    e.preventDefault();
    t = Math.min(Date.now(), t);
    this.setHead(t);
    this.onseek(t, true);
  }
}

/** A time for a screen reader: the date only when it is not today. */
export function describe(t) {
  const d = new Date(t);
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return d.toDateString() === new Date().toDateString() ? time : d.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' }) + ' ' + time;
}
