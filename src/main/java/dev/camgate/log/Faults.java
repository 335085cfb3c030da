package dev.camgate.log;

import io.netty.handler.codec.CodecException;
import java.io.IOException;
import javax.net.ssl.SSLException;

/** Tells what a client can cause on its connection from camgate's own bugs, and says it in one line. */
public final class Faults {
    private Faults() {
    }

    /**
     * A cut or malformed request, a reset, a broken TLS record or frame, a client too slow (a read timeout),
     * a bad WebSocket handshake: all a client's doing, all expected.
     */
    public static boolean isClients(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException || c instanceof CodecException || c instanceof SSLException
                    || c instanceof io.netty.handler.timeout.TimeoutException
                    || c instanceof io.netty.handler.codec.http.websocketx.WebSocketHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /** The peer closed or reset: nothing anyone needs to read at the default level. */
    static boolean isPeerGone(Throwable t) {
        return t instanceof IOException && !(t instanceof SSLException);
    }

    /** {@code SimpleClassName 'message'}, for a decoder's wrapper the cause it wraps; the message escaped. */
    public static String describe(Throwable t) {
        Throwable shown = t;
        if (t instanceof io.netty.handler.codec.DecoderException && t.getCause() != null) {
            shown = t.getCause();
        }
        String message = shown.getMessage();
        return shown.getClass().getSimpleName() + (message == null ? "" : " " + LogText.quote(message));
    }
}
