// What ICE did, in words a person can act on: which path a live call takes, and why a call could not connect.

/**
 * The path of a call, from the types of the selected candidate pair's two candidates:
 *   'direct' host/host: on the local network; 'prflx': direct, an address learned during the connectivity checks
 *   (not STUN: no STUN server is involved); 'stun': through NAT, an address a STUN server told (srflx);
 *   'relay': through a TURN server. null while no pair is selected.
 */
export function pathOf(report) {
  const pair = selectedPair(report);
  if (!pair) return null;
  const types = [report.get(pair.localCandidateId)?.candidateType, report.get(pair.remoteCandidateId)?.candidateType];
  if (types.includes('relay')) return 'relay';
  if (types.includes('srflx')) return 'stun';
  if (types.includes('prflx')) return 'prflx';
  return types.every((t) => t === 'host') ? 'direct' : null;
}

/** The pair ICE uses now: the transport's, or else the nominated one that succeeded. */
export function selectedPair(report) {
  let pair = null;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
  });
  if (!pair) report.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
  return pair;
}

export async function callPath(pc) {
  return pathOf(await pc.getStats());
}

export function describePath(path) {
  switch (path) {
    case 'direct': return 'Direct connection on the local network';
    case 'prflx': return 'Direct connection (address learned during the checks)';
    case 'stun': return 'Direct, through NAT (STUN)';
    case 'relay': return 'Via TURN relay';
    default: return '';
  }
}

/** Watches one peer connection's candidates and TURN errors, to explain a failure afterwards. */
export class IceWatch {
  constructor(pc, iceServers, relayOnly) {
    this.hasTurn = iceServers.some((s) => [].concat(s.urls).some((u) => u.startsWith('turn')));
    this.relayOnly = relayOnly;
    this.gathered = new Set();
    this.turnErrors = [];
    pc.addEventListener('icecandidate', (e) => { if (e.candidate?.type) this.gathered.add(e.candidate.type); });
    pc.addEventListener('icecandidateerror', (e) => {
      if (e.url?.startsWith('turn')) this.turnErrors.push({ code: e.errorCode, text: e.errorText, url: e.url });
    });
  }

  /** Why the call could not connect, as well as this side can tell. */
  explain() {
    if (!this.hasTurn && this.relayOnly) {
      return 'This page may only use a TURN relay, but camgate gave it no TURN server (set turn or ice_servers in its config).';
    }
    if (this.turnErrors.some((e) => e.code === 401 || e.code === 403)) {
      return 'The TURN server refused the credentials camgate gave (check that turn.secret equals coturn\'s static-auth-secret, and that both clocks are right).';
    }
    if (this.hasTurn && !this.gathered.has('relay')) {
      return 'The TURN server could not be reached (wrong address, or UDP blocked: add a turn: URL with ?transport=tcp, or turns: on port 443).';
    }
    if (!this.hasTurn) {
      return 'No direct path to the camera. Outside your home network camgate needs a TURN server: see "Watching from outside your home" in its README.';
    }
    return 'Even the TURN relay did not connect: the camera may not reach the TURN server.';
  }
}
