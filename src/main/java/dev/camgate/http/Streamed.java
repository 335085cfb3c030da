package dev.camgate.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Map;

/**
 * A response whose body comes off the disk, written from a file thread (never an event loop) one chunk at a
 * time: each chunk waits until the one before has left, so a slow client holds one chunk of memory, not a file.
 */
final class Streamed implements WritableByteChannel {
    static final int CHUNK = 64 * 1024;

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest req;
    private final boolean head;
    private ByteBuf pending;
    private boolean broken;

    private Streamed(ChannelHandlerContext ctx, FullHttpRequest req) {
        this.ctx = ctx;
        this.req = req;
        this.head = req.method() == HttpMethod.HEAD;
    }

    /** Writes the status and headers; the body follows through {@link #write} or {@link #copy}, then {@link #finish}. */
    static Streamed start(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String contentType,
                          long length, Map<String, String> headers) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        headers.forEach(res.headers()::set);
        Responses.guard(ctx, res);
        if (HttpUtil.isKeepAlive(req)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        Streamed s = new Streamed(ctx, req);
        s.send(ctx.writeAndFlush(res));
        return s;
    }

    /** Copies {@code length} bytes of {@code file} from {@code position}. */
    void copy(FileChannel file, long position, long length) throws IOException {
        if (head) {
            return;
        }
        long done = 0;
        while (done < length && !broken) {
            int n = (int) Math.min(CHUNK, length - done);
            ByteBuf buf = ctx.alloc().ioBuffer(n);
            try {
                int read = buf.writeBytes(file, position + done, n);
                if (read <= 0) {
                    throw new IOException("the file ended " + (length - done) + " bytes early");
                }
                done += read;
            } catch (IOException | RuntimeException e) {
                buf.release();
                throw e;
            }
            send(ctx.writeAndFlush(new DefaultHttpContent(buf)));
        }
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        if (head || broken) {
            src.position(src.limit());
            return n;
        }
        while (src.hasRemaining()) {
            if (pending == null) {
                pending = ctx.alloc().ioBuffer(CHUNK);
            }
            int take = Math.min(src.remaining(), pending.writableBytes());
            ByteBuffer slice = src.slice(src.position(), take);
            pending.writeBytes(slice);
            src.position(src.position() + take);
            if (!pending.isWritable()) {
                ByteBuf full = pending;
                pending = null;
                send(ctx.writeAndFlush(new DefaultHttpContent(full)));
            }
        }
        return n;
    }

    /** Ends the response; on an error part-way the connection is closed, as the length promised cannot be kept. */
    void finish(boolean complete) {
        if (pending != null) {
            if (complete && !broken) {
                send(ctx.writeAndFlush(new DefaultHttpContent(pending)));
            } else {
                pending.release();
            }
            pending = null;
        }
        if (!complete || broken) {
            ctx.close();
            return;
        }
        ChannelFuture f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!HttpUtil.isKeepAlive(req)) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void send(ChannelFuture f) {
        // On a file thread: waiting here is what keeps one chunk in flight.
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            broken = true;
        }
    }

    @Override
    public boolean isOpen() {
        return !broken;
    }

    @Override
    public void close() {
    }
}
