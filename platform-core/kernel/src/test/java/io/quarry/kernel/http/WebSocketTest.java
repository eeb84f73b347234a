package io.quarry.kernel.http;

import static io.quarry.kernel.http.TestHttp.MAX_WS;
import static io.quarry.kernel.http.TestHttp.TOKEN;
import static io.quarry.kernel.http.TestHttp.client;
import static io.quarry.kernel.http.TestHttp.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.WebSocketHandler;
import io.quarry.api.http.WebSocketSession;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebSocketTest {

    /** Collects what the server sends; whole messages only. */
    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        /** Pings received (the JDK client answers each with a pong by itself). */
        final AtomicInteger pings = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            pings.incrementAndGet();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pongs.add(message);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closeCode.completeExceptionally(error);
        }

        String next() throws InterruptedException {
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("message within 10 s").isNotNull();
            return message;
        }

        int awaitClose() throws Exception {
            return closeCode.get(10, TimeUnit.SECONDS);
        }
    }

    /** Echoes each message with the thread kind it ran on; keeps its session for pushes. */
    static final class Echo implements WebSocketHandler {
        final CompletableFuture<WebSocketSession> session = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocketSession s) {
            session.complete(s);
        }

        @Override
        public void onText(WebSocketSession s, String text) {
            s.send(text + (Thread.currentThread().isVirtual() ? "" : " (not on a virtual thread)"));
        }

        @Override
        public void onClose(WebSocketSession s) {
            closed.complete(null);
        }
    }

    private static WebSocket connect(HttpServer server, String path, Recorder recorder) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + server.address().getPort() + path);
        return client().newWebSocketBuilder().buildAsync(uri, recorder).get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoesHundredMessagesInOrder() throws Exception {
        try (HttpServer server = server()) {
            server.forPlugin("demo").websocket("echo", Access.OPEN, request -> new Echo());
            server.start();
            Recorder recorder = new Recorder();
            WebSocket ws = connect(server, "/api/v1/demo/echo", recorder);

            for (int i = 0; i < 100; i++) {
                ws.sendText("m" + i, true).get(10, TimeUnit.SECONDS);
            }
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                received.add(recorder.next());
            }

            assertThat(received).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 100).mapToObj(i -> "m" + i).toList());
        }
    }

    @Test
    void slowHandlerPausesReadingAndThenCatchesUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (HttpServer server = server()) {
            server.websocket("/ws", Access.OPEN, request -> (session, text) -> {
                try {
                    // Holds the first message while the rest pile up past the pause threshold.
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                session.send(text);
            });
            server.start();
            Recorder recorder = new Recorder();
            WebSocket ws = connect(server, "/ws", recorder);

            for (int i = 0; i < 300; i++) {
                ws.sendText("m" + i, true).get(10, TimeUnit.SECONDS);
            }
            release.countDown();
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                received.add(recorder.next());
            }

            assertThat(received).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 300).mapToObj(i -> "m" + i).toList());
        }
    }

    @Test
    void serverPushesFromAnotherThreadAndSeesTheClose() throws Exception {
        Echo echo = new Echo();
        try (HttpServer server = server()) {
            server.websocket("/ws/live", Access.OPEN, request -> echo);
            server.start();
            Recorder recorder = new Recorder();
            WebSocket ws = connect(server, "/ws/live", recorder);
            WebSocketSession session = echo.session.get(10, TimeUnit.SECONDS);

            Thread pusher = Thread.ofPlatform().start(() -> session.send("pushed"));
            pusher.join();

            assertThat(recorder.next()).isEqualTo("pushed");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            assertThat(recorder.awaitClose()).isEqualTo(WebSocket.NORMAL_CLOSURE);
            echo.closed.get(10, TimeUnit.SECONDS);
            assertThat(session.isOpen()).isFalse();
            assertThat(session.send("late")).isFalse();
        }
    }

    @Test
    void tokenWebSocketAcceptsTheQueryToken() throws Exception {
        try (HttpServer server = server()) {
            server.forPlugin("demo").websocket("admin", Access.TOKEN, request -> new Echo());
            server.start();

            assertThatThrownBy(() -> connect(server, "/api/v1/demo/admin", new Recorder()))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
            Recorder recorder = new Recorder();
            WebSocket ws = connect(server, "/api/v1/demo/admin?token=" + TOKEN, recorder);
            ws.sendText("hi", true);
            assertThat(recorder.next()).isEqualTo("hi");
        }
    }

    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        try (HttpServer server = server()) {
            server.websocket("/ws", Access.OPEN, request -> new Echo());
            server.start();
            Recorder single = new Recorder();
            Recorder fragmented = new Recorder();

            connect(server, "/ws", single).sendText("x".repeat(MAX_WS + 1), true);
            WebSocket ws = connect(server, "/ws", fragmented);
            ws.sendText("y".repeat(MAX_WS - 10), false).get(10, TimeUnit.SECONDS);
            ws.sendText("y".repeat(MAX_WS - 10), true);

            assertThat(single.awaitClose()).isEqualTo(1009);
            assertThat(fragmented.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void binaryMessageClosesWith1003() throws Exception {
        try (HttpServer server = server()) {
            server.websocket("/ws", Access.OPEN, request -> new Echo());
            server.start();
            Recorder recorder = new Recorder();

            connect(server, "/ws", recorder).sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);

            assertThat(recorder.awaitClose()).isEqualTo(1003);
        }
    }

    @Test
    void answersPings() throws Exception {
        try (HttpServer server = server()) {
            server.websocket("/ws", Access.OPEN, request -> new Echo());
            server.start();
            Recorder recorder = new Recorder();

            connect(server, "/ws", recorder).sendPing(ByteBuffer.wrap(new byte[] {7}));

            ByteBuffer pong = recorder.pongs.poll(10, TimeUnit.SECONDS);
            assertThat(pong).isNotNull();
            assertThat(pong.get(0)).isEqualTo((byte) 7);
        }
    }

    @Test
    void removingThePluginClosesItsConnections() throws Exception {
        try (HttpServer server = server()) {
            server.forPlugin("demo").websocket("echo", Access.OPEN, request -> new Echo());
            server.start();
            Recorder recorder = new Recorder();
            WebSocket ws = connect(server, "/api/v1/demo/echo", recorder);
            ws.sendText("before", true);
            assertThat(recorder.next()).isEqualTo("before");

            server.removePlugin("demo");

            assertThat(recorder.awaitClose()).isEqualTo(WebSocket.NORMAL_CLOSURE);
        }
    }

    @Test
    void plainGetOnAWebSocketPathIs426() throws Exception {
        try (HttpServer server = server()) {
            server.websocket("/ws", Access.OPEN, request -> new Echo());
            server.start();

            assertThat(TestHttp.get(server, "/ws").statusCode()).isEqualTo(426);
        }
    }
}
