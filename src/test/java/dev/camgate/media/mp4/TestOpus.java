package dev.camgate.media.mp4;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real Opus packets for tests, as a camera sends them (20 ms each): a tone encoded by ffmpeg's libopus and read
 * back out of its Ogg pages (RFC 3533; RFC 7845 for the two header packets, which are skipped).
 */
public final class TestOpus {
    private TestOpus() {
    }

    /** {@code seconds} of a {@code hz} sine, mono 48 kHz, one packet per 20 ms. Needs ffmpeg with libopus. */
    public static List<byte[]> packets(int seconds, int hz) throws IOException, InterruptedException {
        Path ogg = Files.createTempFile("camgate-test", ".opus");
        try {
            Ffmpeg.run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=" + hz + ":sample_rate=48000:duration=" + seconds, "-c:a", "libopus", "-b:a", "32k",
                    "-frame_duration", "20", "-ac", "1", "-f", "ogg", ogg.toString());
            return oggPackets(Files.readAllBytes(ogg));
        } finally {
            Files.deleteIfExists(ogg);
        }
    }

    static List<byte[]> oggPackets(byte[] b) {
        List<byte[]> packets = new ArrayList<>();
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (at + 27 <= b.length) {
            if (b[at] != 'O' || b[at + 1] != 'g' || b[at + 2] != 'g' || b[at + 3] != 'S') {
                throw new IllegalArgumentException("no Ogg page at byte " + at);
            }
            int segments = b[at + 26] & 0xFF;
            int data = at + 27 + segments;
            for (int i = 0; i < segments; i++) {
                int lacing = b[at + 27 + i] & 0xFF;
                packet.write(b, data, lacing);
                data += lacing;
                if (lacing < 255) {
                    packets.add(packet.toByteArray());
                    packet.reset();
                }
            }
            at = data;
        }
        return packets.subList(2, packets.size()); // OpusHead and OpusTags
    }
}
