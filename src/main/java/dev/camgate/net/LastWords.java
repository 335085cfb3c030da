package dev.camgate.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closing after a last message (a reject, a WebSocket close frame). Closing only once it is written would
 * let a peer that does not read keep its socket for ever, since the message never leaves: a peer that is
 * already behind is closed at once, any other two seconds later at the latest.
 */
public final class LastWords {
    private static final long LINGER_MILLIS = 2000;

    private LastWords() {
    }

    public static void thenClose(Channel ch, Object message) {
        if (!ch.isActive() || !ch.isWritable()) {
            ReferenceCountUtil.release(message);
            ch.close();
            return;
        }
        ch.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
        ch.eventLoop().schedule(() -> {
            ch.close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}
