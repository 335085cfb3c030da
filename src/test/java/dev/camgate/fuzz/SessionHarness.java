package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraType;
import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.camera.dialout.DialledSession;
import dev.camgate.camera.dialout.UpstreamSocket;
import dev.camgate.config.CameraConfig;
import dev.camgate.config.Config;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.MessageParser;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.ProtocolException;
import dev.camgate.protocol.Refusal;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one real {@code MomoSession} or {@code Uv4lSession} without a network: the camera's socket is an
 * {@link EmbeddedChannel} whose outbound frames are what camgate would send to the camera, and the viewer is a
 * {@link Peer} that keeps what it is sent. The sessions and {@link UpstreamSocket}'s constructor are not public,
 * so they are reached by reflection; if main code renames them this class says so.
 *
 * <p>A fuzz input is a conversation, one message per line: a line starting with {@code >} is a frame from the
 * viewer (it goes through {@link MessageParser} first, as in the hub, and only relays reach the session), any
 * other line is a text frame from the camera (a leading {@code <} is dropped).
 */
final class SessionHarness {
    /** More lines than this add nothing but time. */
    static final int MAX_MESSAGES = 64;

    /** Real event loops, only for the cameras' timers and their one presence probe (to a closed port). */
    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("fuzz-loops", true), NioIoHandler.newFactory());
    private static final Constructor<UpstreamSocket> SOCKET;

    static {
        try {
            SOCKET = UpstreamSocket.class.getDeclaredConstructor(Channel.class);
            SOCKET.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("UpstreamSocket(Channel) is gone; update the fuzz harness", e);
        }
    }

    /** A camera of {@code type} whose timers never fire during a test and whose only probe fails at once. */
    static DialledCamera camera(CameraType<?> type, String id) {
        CameraConfig config = new CameraConfig(id, null, type.name(), null, "ws://127.0.0.1:9/ws",
                Map.of("answer_timeout", "1h", "presence_interval", "1h", "connect_timeout", "1s"), null, null, null, null);
        Camera camera = type.build(config, new CameraContext(Config.defaults(), LOOPS, Clock.systemUTC(), new dev.camgate.log.LogLimit(null)));
        return (DialledCamera) camera;
    }

    static Constructor<?> sessionConstructor(String className, Class<?>... extra) {
        try {
            Class<?>[] types = new Class<?>[3 + extra.length];
            types[0] = DialledCamera.class;
            types[1] = Peer.class;
            types[2] = CompletableFuture.class;
            System.arraycopy(extra, 0, types, 3, extra.length);
            Constructor<?> c = Class.forName(className).getDeclaredConstructor(types);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(className + " has no constructor the fuzz harness knows; update it", e);
        }
    }

    /** What the session sent where; checked by the caller after every message. */
    interface Checks {
        /** One text frame camgate sent to the camera. */
        void toCamera(String text);

        /** One frame camgate sent to the viewer. */
        default void toViewer(byte[] json) {
            Wire.checkToViewer(json, "to the viewer");
        }
    }

    final FakeViewer viewer = new FakeViewer();
    final CompletableFuture<Admission> decision = new CompletableFuture<>();
    final EmbeddedChannel channel = new EmbeddedChannel();
    final DialledSession session;
    private final DialledCamera camera;
    private final Checks checks;
    private boolean closeSent;

    SessionHarness(Constructor<?> constructor, DialledCamera camera, Checks checks, Object... extra) {
        this.checks = checks;
        this.camera = camera;
        Object[] args = new Object[3 + extra.length];
        args[0] = camera;
        args[1] = viewer;
        args[2] = decision;
        System.arraycopy(extra, 0, args, 3, extra.length);
        try {
            session = (DialledSession) constructor.newInstance(args);
            UpstreamSocket socket = SOCKET.newInstance(channel);
            onLoop(() -> session.opened(socket));
        } catch (InvocationTargetException e) {
            throw new AssertionError("the session failed to start", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        drain();
    }

    /** Plays the conversation in {@code input}, then the viewer leaves; every frame either way is checked. */
    void play(byte[] input) {
        int messages = 0;
        int start = 0;
        for (int i = 0; i <= input.length && messages < MAX_MESSAGES; i++) {
            if (i == input.length || input[i] == '\n') {
                byte[] line = java.util.Arrays.copyOfRange(input, start, i);
                start = i + 1;
                messages++;
                if (line.length > 0 && line[0] == '>') {
                    fromViewer(java.util.Arrays.copyOfRange(line, 1, line.length));
                } else {
                    int from = line.length > 0 && line[0] == '<' ? 1 : 0;
                    // Netty hands the session the text of a frame; invalid UTF-8 arrives as U+FFFD.
                    String text = new String(line, from, line.length - from, StandardCharsets.UTF_8);
                    onLoop(() -> session.text(text));
                }
                drain();
            }
        }
        onLoop(session::left);
        drain();
        assertTrue(closeSent, "the camera's socket must be closed when the viewer leaves");
        assertTrue(decision.isDone(), "the viewer must be admitted or refused");
        channel.finishAndReleaseAll();
    }

    private void fromViewer(byte[] frame) {
        Inbound message;
        try {
            message = MessageParser.parse(frame);
        } catch (ProtocolException e) {
            return; // the hub closes the viewer's socket; the session never sees it
        }
        if (message instanceof Inbound.Relay relay) {
            onLoop(() -> session.relay(relay));
        } else if (message instanceof Inbound.Bye) {
            onLoop(session::left);
        }
    }

    /**
     * Runs one step on the camera's loop, where a session lives, and waits for it: what it sent is then there
     * to check, and whatever it threw is thrown here.
     */
    private void onLoop(Runnable step) {
        camera.loop().submit(step).syncUninterruptibly();
    }

    private void drain() {
        for (Object out; (out = channel.readOutbound()) != null; ) {
            try {
                if (out instanceof TextWebSocketFrame text) {
                    assertTrue(!closeSent, "a text frame to the camera after the close frame");
                    byte[] bytes = ByteBufUtil.getBytes(text.content());
                    Wire.utf8(bytes, "to the camera");
                    checks.toCamera(new String(bytes, StandardCharsets.UTF_8));
                } else if (out instanceof CloseWebSocketFrame) {
                    closeSent = true;
                } else {
                    throw new AssertionError("unexpected frame to the camera: " + out);
                }
            } finally {
                ReferenceCountUtil.release(out);
            }
        }
        for (byte[] frame : viewer.take()) {
            checks.toViewer(frame);
        }
        for (String reason : viewer.takeByes()) {
            assertNotNull(reason);
            Wire.utf8(reason.getBytes(StandardCharsets.UTF_8), "bye reason");
        }
    }

    static final class FakeViewer implements Peer {
        private final List<byte[]> sent = Collections.synchronizedList(new ArrayList<>());
        private final List<String> byes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String connectionId() {
            return "fuzz-viewer";
        }

        @Override
        public String remote() {
            return "192.0.2.1:50000";
        }

        @Override
        public void send(byte[] json) {
            assertNotNull(json, "null frame to the viewer");
            sent.add(json);
        }

        @Override
        public void bye() {
            byes.add("");
        }

        @Override
        public void bye(Refusal reason) {
            byes.add(reason.reason());
        }

        @Override
        public void fail(String reason) {
            throw new AssertionError("a dialled session must not fail its viewer: " + reason);
        }

        List<byte[]> take() {
            synchronized (sent) {
                List<byte[]> all = new ArrayList<>(sent);
                sent.clear();
                return all;
            }
        }

        List<String> takeByes() {
            synchronized (byes) {
                List<String> all = new ArrayList<>(byes);
                byes.clear();
                return all;
            }
        }
    }
}
