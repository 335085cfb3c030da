package dev.camgate.http;

import dev.camgate.media.mp4.ClipWriter;
import dev.camgate.media.mp4.Fragment;
import dev.camgate.media.mp4.Mp4Exception;
import dev.camgate.media.mp4.Mp4Scanner;
import dev.camgate.media.mp4.OpusTrack;
import dev.camgate.media.mp4.SampleRef;
import dev.camgate.media.mp4.SegmentScan;
import dev.camgate.media.mp4.VideoTrack;
import dev.camgate.recording.Recordings;
import dev.camgate.recording.Segment;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The recordings API under {@code /api/cameras/ID/} (docs/recording.md): {@code recordings?from=&to=} lists
 * spans and files, {@code recordings/SEGMENT.mp4} serves a file (with Range), {@code recordings/SEGMENT.json}
 * its fragments for seeking, {@code clip.mp4?from=&to=} cuts one MP4 file at keyframes. The caller's playback
 * right was checked by {@link Api}. Everything that reads the disk runs on a virtual thread, at most
 * {@link #CONCURRENT} at once (more get a 503), while the connection reads nothing more.
 */
final class RecordingRoutes {
    static final int CONCURRENT = 16;
    static final long DEFAULT_RANGE_MILLIS = 24 * 3_600_000L;
    static final long MAX_RANGE_MILLIS = 31 * 24 * 3_600_000L;
    static final long MAX_CLIP_MILLIS = 3_600_000L;

    private final Recordings recordings;
    private final ExecutorService files = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("camgate-files-", 0).factory());
    private final Semaphore slots = new Semaphore(CONCURRENT);
    /** Decoding takes a core for 50-250 ms: two at once at most, whatever a timeline strip asks for. */
    private final Semaphore decodes = new Semaphore(2);
    private final dev.camgate.media.snapshot.H264Jpeg decoder = new dev.camgate.media.snapshot.H264Jpeg();
    private final Map<String, dev.camgate.media.snapshot.Jpeg> thumbnails = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, dev.camgate.media.snapshot.Jpeg> eldest) {
                    return size() > 256;
                }
            });

    RecordingRoutes(Recordings recordings) {
        this.recordings = recordings;
    }

    /** @param rest what follows {@code /api/cameras/ID/}: {@code recordings...} or {@code clip.mp4} */
    void handle(ChannelHandlerContext ctx, FullHttpRequest req, String camera, String rest) {
        if (recordings == null) {
            Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "camera '" + camera + "' has no recordings: no camera is recorded (record: true)");
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        if (rest.equals("recordings")) {
            list(ctx, req, camera, query);
        } else if (rest.equals("recordings/frame.jpg")) {
            offload(ctx, req, () -> frame(ctx, req, camera, query));
        } else if (rest.equals("clip.mp4")) {
            offload(ctx, req, () -> clip(ctx, req, camera, query));
        } else if (rest.startsWith("recordings/") && (rest.endsWith(".mp4") || rest.endsWith(".json"))) {
            String name = rest.substring("recordings/".length());
            String id = name.substring(0, name.lastIndexOf('.'));
            Segment segment = recordings.segment(camera, id);
            if (segment == null) {
                // Also what "../x", "%2e%2e" or another camera's file name get: ids are matched, never joined into paths.
                Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "camera '" + camera + "' has no recording '" + id + "'");
            } else if (name.endsWith(".mp4")) {
                offload(ctx, req, () -> file(ctx, req, segment));
            } else {
                offload(ctx, req, () -> index(ctx, req, segment));
            }
        } else {
            Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no API at /api/cameras/" + camera + "/" + rest);
        }
    }

    /**
     * {@code GET /api/recordings}: what all recordings take and what retention did, for the dashboard's
     * warning when the budget or the free-space floor, not the age, is what deletes.
     */
    void summary(ChannelHandlerContext ctx, FullHttpRequest req) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", recordings != null);
        if (recordings != null) {
            body.put("now", System.currentTimeMillis());
            body.put("retention", recordings.retention());
            body.put("retentionMillis", recordings.defaultRetention().toMillis());
            body.put("minFreeBytes", recordings.minFree().bytes());
        }
        Responses.json(ctx, req, HttpResponseStatus.OK, Json.MAPPER.writeValueAsBytes(body));
    }

    private void list(ChannelHandlerContext ctx, FullHttpRequest req, String camera, QueryStringDecoder query) {
        long now = System.currentTimeMillis();
        long[] range;
        try {
            range = range(query, now - DEFAULT_RANGE_MILLIS, now + 60_000, MAX_RANGE_MILLIS);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        List<Segment> segments = recordings.segments(camera, range[0], range[1]);
        List<Map<String, Object>> files = new ArrayList<>();
        for (Segment s : segments) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("start", s.start());
            m.put("end", s.end());
            m.put("bytes", s.bytes());
            m.put("open", s.open());
            files.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("camera", camera);
        body.put("from", range[0]);
        body.put("to", range[1]);
        body.put("now", now);
        body.put("recording", recordings.statuses().get(camera));
        body.put("spans", Recordings.spans(segments));
        body.put("segments", files);
        body.put("retention", recordings.retention());
        Responses.json(ctx, req, HttpResponseStatus.OK, Json.MAPPER.writeValueAsBytes(body));
    }

    private void file(ChannelHandlerContext ctx, FullHttpRequest req, Segment segment) {
        try (FileChannel ch = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
            // A file being written is served as far as its last complete fragment.
            long size = segment.open() ? Math.min(ch.size(), segment.bytes()) : ch.size();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept-Ranges", "bytes");
            headers.put("Cache-Control", segment.open() ? "no-cache" : "private, max-age=3600");
            switch (ByteRange.of(req.headers().get(HttpHeaderNames.RANGE), size)) {
                case ByteRange.Unsatisfiable u -> answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                        "the range asked for is not within the " + size + " bytes of " + segment.id(), Map.of("Content-Range", "bytes */" + size)));
                case ByteRange.Part p -> {
                    headers.put("Content-Range", "bytes " + p.range().start() + "-" + p.range().end() + "/" + size);
                    stream(ctx, req, HttpResponseStatus.PARTIAL_CONTENT, headers, ch, p.range().start(), p.range().length());
                }
                case ByteRange.Whole w -> stream(ctx, req, HttpResponseStatus.OK, headers, ch, 0, size);
            }
        } catch (IOException e) {
            gone(ctx, req, segment, e);
        }
    }

    private static void stream(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, Map<String, String> headers,
                               FileChannel ch, long from, long length) {
        Streamed out = Streamed.start(ctx, req, status, "video/mp4", length, headers);
        boolean complete = false;
        try {
            out.copy(ch, from, length);
            complete = true;
        } catch (IOException e) {
            // The file went (retention) or the disk failed part-way: the promised length cannot be kept.
        } finally {
            out.finish(complete);
        }
    }

    private void index(ChannelHandlerContext ctx, FullHttpRequest req, Segment segment) {
        SegmentScan scan;
        try (FileChannel ch = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
            scan = Mp4Scanner.scan(ch);
        } catch (IOException e) {
            gone(ctx, req, segment, e);
            return;
        } catch (Mp4Exception e) {
            answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "recording " + segment.id() + " cannot be read: " + e.getMessage()));
            return;
        }
        VideoTrack t = scan.track();
        List<Map<String, Object>> fragments = new ArrayList<>();
        long duration = 0;
        for (Fragment f : scan.fragments()) {
            if (segment.open() && f.offset() + f.size() > segment.bytes()) {
                // On the disk, but not yet fsynced and listed: the file is served only as far as the index says.
                break;
            }
            duration = f.baseDecodeTime() + f.duration();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offset", f.offset());
            m.put("size", f.size());
            m.put("time", f.baseDecodeTime() * 1000 / t.timescale());
            m.put("duration", f.duration() * 1000 / t.timescale());
            m.put("key", f.startsWithSync());
            fragments.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", segment.id());
        body.put("start", segment.start());
        body.put("end", segment.start() + duration * 1000 / t.timescale());
        body.put("open", segment.open());
        body.put("codec", codec(t));
        // The camera's sound, when this file has it: the player's MSE type lists it after the video's.
        body.put("audio", scan.audio() == null ? null : "opus");
        body.put("width", t.width());
        body.put("height", t.height());
        body.put("initLength", scan.initLength());
        body.put("fragments", fragments);
        byte[] json = Json.MAPPER.writeValueAsBytes(body);
        answerOnLoop(ctx, () -> Responses.json(ctx, req, HttpResponseStatus.OK, json));
    }

    /**
     * {@code recordings/frame.jpg?at=&width=}: the keyframe at or before {@code at} as a JPEG, at most
     * {@code width} wide (default 320), for the playback page's strip. Cached per keyframe and width.
     */
    private void frame(ChannelHandlerContext ctx, FullHttpRequest req, String camera, QueryStringDecoder query) {
        long at;
        int width;
        try {
            if (!query.parameters().containsKey("at")) {
                throw new IllegalArgumentException("frame.jpg needs at= (milliseconds since 1970, or a time like 2026-12-01T14:51:00Z)");
            }
            at = time(query, "at", 0);
            List<String> w = query.parameters().get("width");
            width = w == null || w.isEmpty() ? 320 : Integer.parseInt(w.get(0));
            if (width < 16 || width > 1920) {
                throw new IllegalArgumentException("width= must be between 16 and 1920");
            }
        } catch (NumberFormatException e) {
            answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "width= must be a number of pixels"));
            return;
        } catch (IllegalArgumentException e) {
            answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage()));
            return;
        }
        List<Segment> around = recordings.segments(camera, at, at + 1);
        if (around.isEmpty()) {
            answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND,
                    "camera '" + camera + "' has no recording at " + Instant.ofEpochMilli(at)));
            return;
        }
        Segment s = around.get(0);
        try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.READ)) {
            SegmentScan scan = Mp4Scanner.scan(ch);
            int timescale = scan.track().timescale();
            Fragment key = null;
            for (Fragment f : scan.fragments()) {
                if (f.startsWithSync() && s.start() + f.baseDecodeTime() * 1000 / timescale <= at) {
                    key = f;
                }
            }
            if (key == null) {
                answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no keyframe before " + Instant.ofEpochMilli(at)));
                return;
            }
            long keyTime = s.start() + key.baseDecodeTime() * 1000 / timescale;
            String cacheKey = camera + "/" + s.id() + "/" + key.offset() + "/" + width;
            dev.camgate.media.snapshot.Jpeg jpeg = thumbnails.get(cacheKey);
            if (jpeg == null) {
                if (!decodes.tryAcquire()) {
                    answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "camgate is busy making other pictures: ask again in a second", Map.of("Retry-After", "1")));
                    return;
                }
                try {
                    SampleRef first = Mp4Scanner.samples(ch, key).get(0);
                    if (first.size() > dev.camgate.media.h264.AnnexB.DEFAULT_LIMIT) {
                        throw new Mp4Exception("a keyframe of " + first.size() + " bytes");
                    }
                    java.nio.ByteBuffer sample = java.nio.ByteBuffer.allocate(first.size());
                    while (sample.hasRemaining() && ch.read(sample, first.offset() + sample.position()) > 0) {
                        // positional reads until the sample is in
                    }
                    jpeg = decoder.decodeAnnexB(annexB(scan.track(), sample.array()), scan.track().sps(), width);
                    thumbnails.put(cacheKey, jpeg);
                } finally {
                    decodes.release();
                }
            }
            byte[] bytes = jpeg.bytes();
            answerOnLoop(ctx, () -> Responses.send(ctx, req, HttpResponseStatus.OK, "image/jpeg", bytes,
                    Map.of("X-Frame-Time", String.valueOf(keyTime))));
        } catch (IOException e) {
            gone(ctx, req, s, e);
        } catch (Mp4Exception | dev.camgate.media.snapshot.SnapshotException e) {
            answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "no picture from recording " + s.id() + ": " + e.getMessage()));
        }
    }

    /** A sample in AVCC (4-byte lengths) as Annex-B, with the track's SPS and PPS in front. */
    static byte[] annexB(VideoTrack track, byte[] avcc) throws Mp4Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(avcc.length + 64);
        byte[] start = {0, 0, 0, 1};
        out.writeBytes(start);
        out.writeBytes(track.sps());
        out.writeBytes(start);
        out.writeBytes(track.pps());
        int i = 0;
        while (i + 4 <= avcc.length) {
            int len = (avcc[i] & 0xFF) << 24 | (avcc[i + 1] & 0xFF) << 16 | (avcc[i + 2] & 0xFF) << 8 | (avcc[i + 3] & 0xFF);
            if (len <= 0 || len > avcc.length - i - 4) {
                throw new Mp4Exception("a NAL unit length of " + len + " at " + i + " runs past its sample");
            }
            out.writeBytes(start);
            out.write(avcc, i + 4, len);
            i += 4 + len;
        }
        return out.toByteArray();
    }

    /** The MSE type of a track: avc1 and the profile, constraints and level bytes of its SPS. */
    static String codec(VideoTrack t) {
        byte[] sps = t.sps();
        return sps.length < 4 ? "avc1.42e01f" : "avc1." + HexFormat.of().formatHex(sps, 1, 4);
    }

    private void clip(ChannelHandlerContext ctx, FullHttpRequest req, String camera, QueryStringDecoder query) {
        long[] range;
        try {
            if (!query.parameters().containsKey("from") || !query.parameters().containsKey("to")) {
                throw new IllegalArgumentException("a clip needs from= and to= (milliseconds since 1970, or times like 2026-12-01T14:51:00Z)");
            }
            range = range(query, 0, 0, MAX_CLIP_MILLIS);
        } catch (IllegalArgumentException e) {
            answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage()));
            return;
        }
        List<FileChannel> open = new ArrayList<>();
        try {
            VideoTrack track = null;
            OpusTrack audio = null;
            List<ClipWriter.Source> sources = new ArrayList<>();
            long first = -1;
            long last = -1;
            for (Segment s : recordings.segments(camera, range[0], range[1])) {
                FileChannel ch;
                try {
                    ch = FileChannel.open(s.path(), StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    continue; // deleted by retention a moment ago
                }
                open.add(ch);
                SegmentScan scan = Mp4Scanner.scan(ch);
                if (track == null) {
                    track = scan.track();
                    audio = scan.audio();
                } else if (!sameTrack(track, scan.track()) || (audio == null) != (scan.audio() == null)) {
                    break; // the picture size changed, or the sound came or went: one file holds one kind
                }
                List<SampleRef> picked = new ArrayList<>();
                List<SampleRef> pickedAudio = new ArrayList<>();
                List<Fragment> fragments = scan.fragments();
                int timescale = scan.track().timescale();
                // Reading starts at the last fragment that opens with a keyframe at or before from=.
                int begin = 0;
                for (int i = 0; i < fragments.size(); i++) {
                    if (fragments.get(i).startsWithSync() && s.start() + fragments.get(i).baseDecodeTime() * 1000 / timescale <= range[0]) {
                        begin = i;
                    }
                }
                boolean done = false;
                for (int i = begin; i < fragments.size() && !done; i++) {
                    Fragment f = fragments.get(i);
                    long ticks = f.baseDecodeTime();
                    boolean any = false;
                    for (SampleRef r : Mp4Scanner.samples(ch, f)) {
                        long t = s.start() + ticks * 1000 / timescale;
                        ticks += r.duration();
                        if (t >= range[1]) {
                            done = true;
                            break;
                        }
                        if (sources.isEmpty() && (picked.isEmpty() || (r.sync() && t <= range[0]))) {
                            // Still finding the start: the clip opens with the last keyframe at or before from=.
                            if (!r.sync()) {
                                continue;
                            }
                            picked.clear();
                            pickedAudio.clear();
                            first = t;
                        }
                        picked.add(r);
                        any = true;
                        last = s.start() + ticks * 1000 / timescale;
                    }
                    if (any && audio != null) {
                        // The fragment's sound: all of it when all its pictures were taken (a fragment's sound can
                        // reach a few ms past its pictures, and the clip's track must have no hole), from the clip's
                        // first picture on (it may begin a little before: packets that came after the last fragment
                        // was written) and, in the fragment where the clip ends, as far as its pictures go.
                        long at = f.audioBaseDecodeTime();
                        for (SampleRef r : Mp4Scanner.audioSamples(ch, f)) {
                            long t = s.start() + at * 1000 / OpusTrack.TIMESCALE;
                            at += r.duration();
                            if (done && t >= last) {
                                break;
                            }
                            if (t >= first || !pickedAudio.isEmpty()) {
                                pickedAudio.add(r);
                            }
                        }
                    }
                }
                if (!picked.isEmpty()) {
                    sources.add(new ClipWriter.Source(ch, picked, pickedAudio));
                }
            }
            if (sources.isEmpty()) {
                answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND,
                        "camera '" + camera + "' has no recording between " + Instant.ofEpochMilli(range[0]) + " and " + Instant.ofEpochMilli(range[1])));
                return;
            }
            long size = ClipWriter.size(track, audio, sources);
            String name = camera + "-" + Instant.ofEpochMilli(first).toString().replace(':', '-') + ".mp4";
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Disposition", "attachment; filename=\"" + name + "\"");
            headers.put("X-Clip-Start", String.valueOf(first));
            headers.put("X-Clip-End", String.valueOf(last));
            Streamed out = Streamed.start(ctx, req, HttpResponseStatus.OK, "video/mp4", size, headers);
            boolean complete = false;
            try {
                if (req.method() != io.netty.handler.codec.http.HttpMethod.HEAD) {
                    ClipWriter.write(track, audio, sources, out);
                }
                complete = true;
            } catch (IOException e) {
                // As for a file: the length promised cannot be kept.
            } finally {
                out.finish(complete);
            }
        } catch (IOException | Mp4Exception e) {
            answerOnLoop(ctx, () -> Responses.error(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "the clip of camera '" + camera + "' cannot be made: " + e.getMessage()));
        } finally {
            for (FileChannel ch : open) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // Read-only: nothing to lose.
                }
            }
        }
    }

    private static boolean sameTrack(VideoTrack a, VideoTrack b) {
        return a.width() == b.width() && a.height() == b.height() && Arrays.equals(a.sps(), b.sps()) && Arrays.equals(a.pps(), b.pps());
    }

    /** from= and to= as milliseconds since 1970 or ISO-8601 instants; checked for order and span. */
    static long[] range(QueryStringDecoder query, long defaultFrom, long defaultTo, long maxSpan) {
        long from = time(query, "from", defaultFrom);
        long to = time(query, "to", defaultTo);
        if (to <= from) {
            throw new IllegalArgumentException("to= (" + Instant.ofEpochMilli(to) + ") must be after from= (" + Instant.ofEpochMilli(from) + ")");
        }
        if (to - from > maxSpan) {
            throw new IllegalArgumentException("ask for at most " + dev.camgate.config.Durations.format(java.time.Duration.ofMillis(maxSpan))
                    + " at once, not " + dev.camgate.config.Durations.format(java.time.Duration.ofMillis(to - from)));
        }
        return new long[]{from, to};
    }

    private static long time(QueryStringDecoder query, String name, long fallback) {
        List<String> values = query.parameters().get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        String v = values.get(0).trim();
        if (v.length() > 40) {
            throw new IllegalArgumentException(name + "= is too long to be a time");
        }
        try {
            long t = v.matches("\\d{1,15}") ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
            if (t < 0 || t > 32_503_680_000_000L) {
                throw new IllegalArgumentException(name + "= " + v + " is not between 1970 and 3000");
            }
            return t;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(name + "= '" + v + "' is not a time: give milliseconds since 1970 or a time like 2026-12-01T14:51:00Z");
        }
    }

    private void offload(ChannelHandlerContext ctx, FullHttpRequest req, Runnable work) {
        if (!slots.tryAcquire()) {
            Responses.error(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "camgate is busy serving recordings: try again in a second",
                    Map.of("Retry-After", "1"));
            return;
        }
        req.retain();
        ctx.channel().config().setAutoRead(false);
        files.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                ctx.close();
            } finally {
                slots.release();
                ctx.executor().execute(() -> {
                    req.release();
                    ctx.channel().config().setAutoRead(true);
                });
            }
        });
    }

    private static void answerOnLoop(ChannelHandlerContext ctx, Runnable answer) {
        ctx.executor().execute(answer);
    }

    private static void gone(ChannelHandlerContext ctx, FullHttpRequest req, Segment segment, IOException e) {
        boolean missing = e instanceof NoSuchFileException;
        answerOnLoop(ctx, () -> Responses.error(ctx, req, missing ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.INTERNAL_SERVER_ERROR,
                missing ? "recording " + segment.id() + " was deleted (retention) a moment ago"
                        : "recording " + segment.id() + " cannot be read: " + e.getMessage()));
    }
}
