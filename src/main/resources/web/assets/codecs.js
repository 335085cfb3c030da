// Codec choice through setCodecPreferences: no SDP munging. H.264 comes first by default because it is what a
// Raspberry Pi encodes in hardware and what Safari plays everywhere; ?codec=X forces X alone.

const HELPERS = ['video/rtx', 'video/red', 'video/ulpfec', 'video/flexfec-03'];

export function applyCodecPreference(transceiver, wanted, force) {
  if (!wanted || typeof transceiver.setCodecPreferences !== 'function') return false;
  const caps = RTCRtpReceiver.getCapabilities?.('video');
  if (!caps) return false;
  const mime = 'video/' + wanted.toLowerCase();
  const chosen = caps.codecs.filter((c) => c.mimeType.toLowerCase() === mime);
  if (chosen.length === 0) return false;
  // Among H.264 variants, packetization-mode=1 first: that is what Momo and Chromium send best.
  chosen.sort((a, b) => packetizationMode(b) - packetizationMode(a));
  const others = caps.codecs.filter((c) => c.mimeType.toLowerCase() !== mime);
  const rest = force ? others.filter((c) => HELPERS.includes(c.mimeType.toLowerCase())) : others;
  transceiver.setCodecPreferences([...chosen, ...rest]);
  return true;
}

function packetizationMode(codec) {
  return /packetization-mode=1/.test(codec.sdpFmtpLine || '') ? 1 : 0;
}
