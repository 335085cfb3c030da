package dev.camgate.room;

import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import java.util.HashMap;
import java.util.Map;

/**
 * Rooms whose id is not a camera: exactly Ayame's rooms of two. The first member waits
 * (isExistUser:false), the second offers (true), a third is refused with "full". When either leaves the
 * room is gone and the other gets bye.
 */
public final class PlainRooms {
    private final Map<String, Room> rooms = new HashMap<>();

    public synchronized Admission join(Peer peer, String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            room = new Room(roomId, peer);
            rooms.put(roomId, room);
            return new Admission.Admitted(room.routeFor(peer), false, null);
        }
        if (room.second == null) {
            room.second = peer;
            return new Admission.Admitted(room.routeFor(peer), true, null);
        }
        return new Admission.Refused(Refusal.FULL);
    }

    public synchronized boolean isInUse(String roomId) {
        return rooms.containsKey(roomId);
    }

    public synchronized int count() {
        return rooms.size();
    }

    private final class Room {
        private final String id;
        private final Peer first;
        private Peer second;

        Room(String id, Peer first) {
            this.id = id;
            this.first = first;
        }

        Route routeFor(Peer self) {
            return new Route() {
                @Override
                public void relay(Inbound.Relay message) {
                    Peer other;
                    synchronized (PlainRooms.this) {
                        other = self == first ? second : first;
                    }
                    if (other != null) {
                        other.send(message.raw());
                    }
                }

                @Override
                public void left() {
                    Peer other;
                    synchronized (PlainRooms.this) {
                        if (rooms.get(id) != Room.this) {
                            return;
                        }
                        rooms.remove(id);
                        other = self == first ? second : first;
                    }
                    if (other != null) {
                        other.bye();
                    }
                }
            };
        }
    }
}
