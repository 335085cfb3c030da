// camgate's Ayame-compatible signaling socket (docs/protocol.md). Answers pings itself so that pages only
// see what matters to them: accept, reject, and the messages of the call.

// Pages sit at the top of camgate's base path (/ or e.g. /camgate/ behind a proxy); every address is
// relative to it, so nothing here needs to know the base path.
const base = new URL('./', location.href);

export function signalingUrl(path = 'signaling') {
  const url = new URL(path, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** fetch() for camgate's API; without a login it goes to the login page and comes back here afterwards. */
export async function api(path, init) {
  const r = await fetch(new URL('api/' + path, base), init);
  if (r.status === 401) toLogin();
  return r;
}

export function toLogin() {
  const here = '/' + location.pathname.slice(base.pathname.length) + location.search;
  location.assign(new URL('login?next=' + encodeURIComponent(here), base).href);
}

let configPromise = null;

/** The hub's settings for pages (ICE servers). Fetched once per page. */
export function clientConfig() {
  if (!configPromise) {
    configPromise = api('client-config', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : { iceServers: [] }))
      .catch(() => ({ iceServers: [] }));
  }
  return configPromise;
}

export class AyameSocket {
  /**
   * @param {object} register the register message to send once the socket is open
   * @param {object} handlers onaccept(msg), onreject(reason, code), onmessage(msg), onclose(code, reason); a reject's
   *   code is camgate's (docs/protocol.md, "Reject codes"), undefined from an older camgate or another Ayame server
   */
  constructor(register, handlers) {
    this.handlers = handlers;
    this.closed = false;
    this.ws = new WebSocket(signalingUrl());
    this.ws.onopen = () => this.send(register);
    this.ws.onmessage = (event) => this.receive(event.data);
    this.ws.onclose = (event) => {
      if (!this.closed) {
        this.closed = true;
        handlers.onclose?.(event.code, event.reason);
      }
    };
  }

  receive(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      console.warn('camgate: ignoring a message that is not JSON', text);
      return;
    }
    switch (msg.type) {
      case 'ping':
        this.send({ type: 'pong' });
        break;
      case 'accept':
        this.handlers.onaccept?.(msg);
        break;
      case 'reject':
        this.handlers.onreject?.(msg.reason || 'rejected', typeof msg.code === 'string' ? msg.code : undefined);
        break;
      default:
        this.handlers.onmessage?.(msg);
    }
  }

  send(msg) {
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(msg));
    }
  }

  /** Closes without reporting onclose: the caller already knows. */
  close() {
    this.closed = true;
    this.ws.close(1000);
  }
}

/** Exponential backoff with jitter: 1, 2, 4, 8, then 15 s, each ±20 %. */
export function backoffSeconds(attempt) {
  const base = Math.min(15, 2 ** Math.max(0, attempt));
  return Math.max(1, Math.round(base * (0.8 + Math.random() * 0.4)));
}
