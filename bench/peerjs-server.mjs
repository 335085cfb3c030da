// The PeerJS server (npm `peer`) as bench/run measures it: its own defaults, except the limits a benchmark
// would hit first. concurrent_limit (5000) would turn away the idle runs' connections. Nothing is logged
// per message or connection, so the figures are the relay's, not the console's.
// Usage: node peerjs-server.mjs PORT   (clients connect to ws://127.0.0.1:PORT/peerjs?key=peerjs&id=..&token=..)
import { PeerServer } from 'peer';

const port = Number(process.argv[2] || 41399);
const server = PeerServer({ host: '127.0.0.1', port, path: '/', concurrent_limit: 1_000_000 }, () =>
  console.log(`peerjs server listening on 127.0.0.1:${port}`),
);
// Without a listener, an 'error' event (e.g. a peer resetting its socket) would end the process.
server.on('error', () => {});
