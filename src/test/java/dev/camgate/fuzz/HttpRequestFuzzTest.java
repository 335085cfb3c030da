package dev.camgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.config.Config;
import dev.camgate.http.RouterPipeline;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Arbitrary bytes from a client into the hub's real HTTP pipeline (HttpServerCodec, HttpObjectAggregator and
 * HttpRouter, as HttpServer builds it) on an EmbeddedChannel: no exception may reach the end of the pipeline,
 * every byte written back must be well-formed HTTP/1.1 (up to a 101, after which it is WebSocket), one answer
 * per request at most, and every buffer allocated on the way is released once the connection has closed.
 *
 * <p>Input: the first byte chooses the hub (bit 0: auth none, or the admin token with base_path /cam and
 * 127.0.0.1 a trusted proxy) and how the rest arrives (bits 1-7: that many bytes per read, 0 = all at once).
 * Seeds: HttpRequestFuzzTestInputs/request/.
 */
class HttpRequestFuzzTest {
    /**
     * Exception classes (simple names, comma-separated in CAMGATE_FUZZ_TOLERATE) not counted as findings, so that
     * fuzzing can look past a known one; empty in a plain mvn test.
     */
    private static final java.util.Set<String> TOLERATED = java.util.Set.of(
            System.getenv().getOrDefault("CAMGATE_FUZZ_TOLERATE", "").split(","));
    private static final SocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50_000);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuzz-timer");
        t.setDaemon(true);
        return t;
    });
    private static final MultiThreadIoEventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static final RouterPipeline OPEN = pipeline("auth: none\nadhoc_cameras: true\n");
    private static final RouterPipeline LOCKED = pipeline("web: {base_path: /cam, trusted_proxies: [127.0.0.1]}\n");

    private static RouterPipeline pipeline(String yaml) {
        try {
            String state = Files.createTempDirectory("camgate-http-fuzz").toString();
            Config config = Config.parseYaml(yaml + "limits: {connections_per_ip: 100000, registrations_per_second: 100000, "
                    + "failures_before_backoff: 100000, max_backoff: 0s}\n", "fuzz.yaml").withStateDir(state);
            return new RouterPipeline(config, LOOPS, TIMER);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void request(byte[] input) {
        if (input.length == 0) {
            return;
        }
        RouterPipeline hub = (input[0] & 1) == 0 ? OPEN : LOCKED;
        int perRead = (input[0] & 0xff) >>> 1;
        TrackingAllocator alloc = new TrackingAllocator();
        Queue<HttpMethod> requests = new ArrayDeque<>();
        int[] requestCount = {0};
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return CLIENT;
            }
        };
        ch.config().setAllocator(alloc);
        var handlers = hub.handlers();
        ch.pipeline().addLast(handlers.get(0));
        // Between codec and aggregator: every request the codec decoded, rejected ones too, so answers can be paired.
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest r) {
                    requests.add(r.method());
                    requestCount[0]++;
                }
                ctx.fireChannelRead(msg);
            }
        });
        for (int i = 1; i < handlers.size(); i++) {
            ch.pipeline().addLast(handlers.get(i));
        }
        List<Object> out = new ArrayList<>();
        try {
            int step = perRead == 0 ? input.length : perRead;
            for (int off = 1; off < input.length && ch.isOpen(); off += step) {
                int n = Math.min(step, input.length - off);
                ByteBuf b = alloc.buffer(n);
                b.writeBytes(input, off, n);
                ch.writeInbound(b);
                ch.runPendingTasks();
                drain(ch, out);
            }
            ch.close();
            ch.runPendingTasks();
            drain(ch, out);
            ch.checkException();
        } catch (Throwable e) {
            release(out);
            ch.finishAndReleaseAll();
            if (TOLERATED.contains(e.getClass().getSimpleName())) {
                return; // a known finding, set aside while fuzzing for others
            }
            if (dev.camgate.log.Faults.isClients(e)) {
                return; // the client's own fault (a body cut short): ClientFaults, last in the real pipeline, closes it in one log line
            }
            throw new AssertionError("an exception escaped the HTTP pipeline: " + e + "\non input " + show(input), e);
        }
        try {
            checkResponses(out, requests, requestCount[0], input);
        } finally {
            release(out);
            ch.finishAndReleaseAll();
        }
        List<String> leaks = alloc.unreleased();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " buffer(s) still referenced after the connection closed: " + leaks
                    + "\non input " + show(input));
        }
    }

    private static void drain(EmbeddedChannel ch, List<Object> out) {
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            out.add(o);
        }
    }

    private static void release(List<Object> out) {
        for (Object o : out) {
            if (ReferenceCountUtil.refCnt(o) > 0) {
                ReferenceCountUtil.release(o);
            }
        }
        out.clear();
    }

    /** Decodes what the hub wrote as a client would, up to a 101 Switching Protocols. */
    private static void checkResponses(List<Object> out, Queue<HttpMethod> requests, int requestCount, byte[] input) {
        int[] finals = {0};
        boolean[] switched = {false};
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder() {
            @Override
            protected boolean isContentAlwaysEmpty(HttpMessage msg) {
                int code = ((HttpResponse) msg).status().code();
                if (code >= 100 && code < 200) {
                    return true;
                }
                HttpMethod method = requests.poll();
                return HttpMethod.HEAD.equals(method) || code == 204 || code == 304 || super.isContentAlwaysEmpty(msg);
            }
        });
        List<HttpObject> decoded = new ArrayList<>();
        try {
            for (Object o : out) {
                if (switched[0]) {
                    break; // WebSocket from here on
                }
                if (!(o instanceof ByteBuf buf)) {
                    throw new AssertionError("an unencoded " + o.getClass().getName() + " reached the socket, on input " + show(input));
                }
                client.writeInbound(buf.retainedDuplicate());
                for (Object d = client.readInbound(); d != null; d = client.readInbound()) {
                    HttpObject h = (HttpObject) d;
                    decoded.add(h);
                    if (h instanceof HttpResponse r) {
                        check(r, finals, switched, input);
                    }
                }
            }
            if (!switched[0]) {
                client.finish(); // a response cut short shows up now as a failed decoder result
                for (Object d = client.readInbound(); d != null; d = client.readInbound()) {
                    decoded.add((HttpObject) d);
                }
            }
            for (HttpObject h : decoded) {
                if (!h.decoderResult().isSuccess()) {
                    throw new AssertionError("the hub wrote malformed HTTP (" + h.decoderResult().cause() + "): "
                            + showOut(out) + "\non input " + show(input));
                }
            }
            if (finals[0] > requestCount) {
                throw new AssertionError(finals[0] + " answers to " + requestCount + " requests: " + showOut(out) + "\non input " + show(input));
            }
        } finally {
            decoded.forEach(ReferenceCountUtil::release);
            client.finishAndReleaseAll();
        }
    }

    private static void check(HttpResponse r, int[] finals, boolean[] switched, byte[] input) {
        int code = r.status().code();
        if (!r.protocolVersion().text().equals("HTTP/1.1")) {
            throw new AssertionError("a response in " + r.protocolVersion() + ", on input " + show(input));
        }
        if (code == 101) {
            switched[0] = true;
            return;
        }
        if (code < 200) {
            return;
        }
        finals[0]++;
        if (!r.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && !HttpUtil.isTransferEncodingChunked(r)) {
            throw new AssertionError("a " + code + " without Content-Length (the client cannot tell where it ends), on input " + show(input));
        }
        if (code >= 400 && r.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && HttpUtil.getContentLength(r, -1) == 0 && code != 413
                && code != 426) {
            // camgate's own errors say what was wrong; Netty's bodiless ones are the aggregator's 413 and the
            // handshaker's 426 (which names the version it speaks in Sec-WebSocket-Version, as RFC 6455 asks)
            throw new AssertionError("a " + code + " with no reason in its body, on input " + show(input));
        }
    }

    private static String show(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        return text.length() > 600 ? HexFormat.of().formatHex(input, 0, 300) + "… (" + input.length + " bytes)" : text.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String showOut(List<Object> out) {
        StringBuilder s = new StringBuilder();
        for (Object o : out) {
            if (o instanceof ByteBuf b) {
                s.append(b.toString(StandardCharsets.ISO_8859_1));
            }
        }
        String t = s.toString().replace("\r", "\\r").replace("\n", "\\n");
        return t.length() > 1000 ? t.substring(0, 1000) + "…" : t;
    }

    /** Unpooled buffers, each remembered, so that what was never released can be named. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> made = new ArrayList<>();
        private final List<String> where = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        private <T extends ByteBuf> T track(T b) {
            made.add(b);
            where.add(allocationSite());
            return b;
        }

        private static String allocationSite() {
            return StackWalker.getInstance().walk(frames -> frames
                    .filter(f -> !f.getClassName().startsWith("io.netty.buffer.") && !f.getClassName().endsWith("TrackingAllocator"))
                    .findFirst()
                    .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName() + ":" + f.getLineNumber())
                    .orElse("?"));
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity)); // heap will do: only refCnt matters here
        }

        @Override
        public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
            return track(super.compositeHeapBuffer(maxNumComponents));
        }

        @Override
        public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
            return track(super.compositeDirectBuffer(maxNumComponents));
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        List<String> unreleased() {
            List<String> left = new ArrayList<>();
            for (int i = 0; i < made.size(); i++) {
                if (made.get(i).refCnt() > 0) {
                    left.add(made.get(i).getClass().getSimpleName() + " from " + where.get(i) + " (refCnt " + made.get(i).refCnt() + ")");
                }
            }
            return left;
        }
    }
}
