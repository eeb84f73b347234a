package io.quarry.kernel.http;

import static io.quarry.kernel.http.TestHttp.TOKEN;
import static io.quarry.kernel.http.TestHttp.client;
import static io.quarry.kernel.http.TestHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.http.WebSocketHandler;
import io.quarry.api.http.WebSocketSession;
import io.quarry.testing.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@code http.idle_timeout_secs}, {@code http.max_connections} and {@code max_connections_per_ip} do. */
class HttpConnectionLimitsTest {

    private static final Duration IDLE = Duration.ofMillis(300);
    /** Long enough that the JDK client's automatic pong arrives in time even on a loaded machine. */
    private static final Duration WS_IDLE = Duration.ofSeconds(2);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CountDownLatch slowEntered = new CountDownLatch(1);

    private HttpServer server(HttpLimits limits) {
        HttpServer server = new HttpServer("127.0.0.1", 0, limits, TOKEN, true, null, meters);
        server.route(HttpMethod.GET, "/api/v1/node/ping", Access.OPEN, request -> HttpResponse.ok("pong"));
        server.route(HttpMethod.GET, "/api/v1/node/slow", Access.OPEN, request -> {
            slowEntered.countDown();
            // Answers only once another connection, opened after this request, was closed for idling:
            // this one has then been silent for longer than the idle timeout as well.
            Eventually.until("a later silent connection closed for idling", () -> closed(HttpMetrics.IDLE) >= 1);
            return HttpResponse.ok("done");
        });
        server.forPlugin("demo").websocket("echo", Access.OPEN, request -> new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                session.send(text);
            }
        });
        return server;
    }

    private double closed(String reason) {
        Counter counter = meters.find("quarry.http.connections.closed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Socket connect(HttpServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.address().getPort());
        socket.setSoTimeout((int) Eventually.LIMIT.toMillis());
        return socket;
    }

    /** Reads until the server closes; fails the test (by timeout) if it never does. */
    private static byte[] readToEnd(Socket socket) throws IOException {
        try (InputStream in = socket.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        try (HttpServer server = server(HttpLimits.DEFAULTS.withIdleTimeout(IDLE))) {
            server.start();
            // Measured from before the dial, the server's idle timer cannot have started earlier, so this lower
            // bound holds however slow the machine is (load only makes the wait longer).
            long start = System.nanoTime();
            try (Socket socket = connect(server)) {
                assertThat(readToEnd(socket)).isEmpty();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(IDLE);
            assertThat(closed(HttpMetrics.IDLE)).isEqualTo(1);
        }
    }

    @Test
    void aKeepAliveConnectionIsClosedOnceIdleAfterItsLastAnswer() throws Exception {
        try (HttpServer server = server(HttpLimits.DEFAULTS.withIdleTimeout(IDLE))) {
            server.start();
            try (Socket socket = connect(server)) {
                send(socket, "GET /api/v1/node/ping HTTP/1.1\r\nHost: x\r\n\r\n");
                String answer = new String(readToEnd(socket), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 200").contains("pong");
            }
            assertThat(closed(HttpMetrics.IDLE)).isEqualTo(1);
        }
    }

    @Test
    void aRequestStillBeingAnsweredIsNotCutOff() throws Exception {
        try (HttpServer server = server(HttpLimits.DEFAULTS.withIdleTimeout(IDLE))) {
            server.start();
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return get(server, "/api/v1/node/slow").body();
                } catch (IOException | InterruptedException e) {
                    throw new CompletionException(e);
                }
            });
            assertThat(slowEntered.await(30, TimeUnit.SECONDS)).isTrue();
            try (Socket silent = connect(server)) {
                assertThat(readToEnd(silent)).isEmpty();
            }

            assertThat(slow.get(30, TimeUnit.SECONDS)).contains("done");
            assertThat(closed(HttpMetrics.IDLE)).as("only the silent connection").isEqualTo(1);
        }
    }

    @Test
    void aWebSocketThatAnswersPingsStaysOpenThroughManyTimeouts() throws Exception {
        try (HttpServer server = server(HttpLimits.DEFAULTS.withIdleTimeout(WS_IDLE))) {
            server.start();
            WebSocketTest.Recorder recorder = new WebSocketTest.Recorder();
            URI uri = URI.create("ws://127.0.0.1:" + server.address().getPort() + "/api/v1/demo/echo");
            // The JDK client answers pings by itself, as browsers do.
            WebSocket ws = client().newWebSocketBuilder().buildAsync(uri, recorder).get(10, TimeUnit.SECONDS);
            Eventually.until("pinged three times", () -> recorder.pings.get() >= 3);
            ws.sendText("still here", true).get(10, TimeUnit.SECONDS);
            assertThat(recorder.next()).isEqualTo("still here");
            assertThat(closed(HttpMetrics.IDLE)).isZero();
            ws.abort();
        }
    }

    @Test
    void aSilentWebSocketIsPingedThenClosed() throws Exception {
        try (HttpServer server = server(HttpLimits.DEFAULTS.withIdleTimeout(IDLE))) {
            server.start();
            try (Socket socket = connect(server)) {
                send(socket, "GET /api/v1/demo/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n");
                // Everything the server sends until it hangs up: the 101, a ping (0x89), nothing else we answer.
                byte[] all = readToEnd(socket);
                String text = new String(all, StandardCharsets.ISO_8859_1);
                int headersEnd = text.indexOf("\r\n\r\n");
                assertThat(text).startsWith("HTTP/1.1 101");
                assertThat(all.length).isGreaterThan(headersEnd + 4);
                assertThat(all[headersEnd + 4] & 0xff).as("first frame is a ping").isEqualTo(0x89);
            }
            assertThat(closed(HttpMetrics.IDLE)).isEqualTo(1);
        }
    }

    @Test
    void connectionsOverThePerAddressLimitAreRefused() throws Exception {
        try (HttpServer server = server(HttpLimits.DEFAULTS.withConnections(100, 2))) {
            server.start();
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket socket = connect(server);
                    open.add(socket);
                    send(socket, "GET /api/v1/node/ping HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(socket.getInputStream().read()).as("an answer").isEqualTo('H');
                }
                try (Socket third = connect(server)) {
                    assertThat(readToEnd(third)).as("closed without a word").isEmpty();
                }
                assertThat(closed("address_limit")).isEqualTo(1);

                open.removeFirst().close();
                awaitOpenBelow(server, 2);
                try (Socket again = connect(server)) {
                    send(again, "GET /api/v1/node/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    assertThat(new String(readToEnd(again), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
                }
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void connectionsOverTheTotalLimitAreRefused() throws Exception {
        try (HttpServer server = server(HttpLimits.DEFAULTS.withConnections(1, 100))) {
            server.start();
            try (Socket first = connect(server)) {
                send(first, "GET /api/v1/node/ping HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(first.getInputStream().read()).isEqualTo('H');
                try (Socket second = connect(server)) {
                    assertThat(readToEnd(second)).isEmpty();
                }
            }
            assertThat(closed("connection_limit")).isEqualTo(1);
        }
    }

    /** A closed socket is un-counted when the server sees the close, which happens a moment later. */
    private static void awaitOpenBelow(HttpServer server, int limit) throws Exception {
        Eventually.until("fewer than " + limit + " connections open", () -> server.openConnections() < limit);
    }
}
