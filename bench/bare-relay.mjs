// The floor any signaling hub is measured against: a Node `ws` server that pairs sockets by the roomId of
// their first message, answers {"type":"accept"} (so camgate's bench client can drive it), and forwards
// every later message to the other member untouched. No checks, no pings, no protocol.
// Usage: node bare-relay.mjs PORT
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] || 41398);
const rooms = new Map();
const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 1 << 20 });

wss.on('connection', (ws) => {
  let room = null;
  ws.on('message', (data, isBinary) => {
    if (room === null) {
      let id;
      try {
        id = JSON.parse(data).roomId;
      } catch {
        return ws.close();
      }
      room = rooms.get(id) || [];
      rooms.set(id, room);
      room.push(ws);
      ws.room = id;
      ws.send(JSON.stringify({ type: 'accept', isExistUser: room.length === 2 }));
      return;
    }
    for (const other of room) if (other !== ws) other.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    if (!room) return;
    const i = room.indexOf(ws);
    if (i >= 0) room.splice(i, 1);
    if (room.length === 0) rooms.delete(ws.room);
  });
});
wss.on('listening', () => console.log(`bare relay listening on 127.0.0.1:${port}`));
