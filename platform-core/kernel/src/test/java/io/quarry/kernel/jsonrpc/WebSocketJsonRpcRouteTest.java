package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.http.Http;
import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientListener;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcRoute;
import io.quarry.api.jsonrpc.JsonRpcRouteSettings;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.jsonrpc.JsonRpcWebSocketClient;
import io.quarry.api.jsonrpc.JsonRpcWebSocketClientSettings;
import io.quarry.api.retry.BackoffPolicy;
import io.quarry.api.retry.Jitter;
import io.quarry.testing.Eventually;
import io.quarry.testing.HostileInput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebSocketJsonRpcRouteTest {

    private static final BackoffPolicy FAST = new BackoffPolicy(Duration.ofMillis(10), Duration.ofMillis(50),
            Jitter.FULL);

    private static JsonRpcRouteSettings open(String name) {
        return JsonRpcRouteSettings.of(name, name).withAccess(Http.Access.OPEN);
    }

    /** Records what a client hears, in order. */
    static final class Events implements JsonRpcClientListener {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @Override
        public void onConnected(JsonRpcClient client, JsonRpcEndpoint endpoint) {
            seen.add("connected " + endpoint);
        }

        @Override
        public void onDisconnected(JsonRpcClient client, JsonRpcEndpoint endpoint, String reason) {
            seen.add("disconnected");
        }

        @Override
        public void onNotification(JsonRpcClient client, JsonRpcRequest notification) {
            seen.add(notification.method() + " " + notification.params().value());
        }

        String next() throws InterruptedException {
            String event = seen.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no client event within ten seconds");
            }
            return event;
        }
    }

    private static JsonRpcWebSocketClient client(RouteFixture f, String path, Events events) {
        return new JsonRpcWebSocketClient(JsonRpcWebSocketClientSettings.of("test", f.ws(path)).withReconnect(FAST),
                events).start();
    }

    @Test
    void answersInOrderAndPushesFromTheSessionAndTheRoute() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            JsonRpcRoute route = f.rpc.serveWebSocket(open("ws"), session -> new JsonRpcMethods(Map.of(
                    "subscribe", (s, r) -> {
                        s.notify("hello", List.of(s.id()));
                        return "ok";
                    },
                    "add", (s, r) -> r.params().get(0).asLong() + r.params().get(1).asLong())));
            f.start();
            Events events = new Events();
            try (JsonRpcWebSocketClient client = client(f, "ws", events)) {
                assertThat(events.next()).startsWith("connected tcp://127.0.0.1:");
                assertThat(client.request("subscribe", null).get(10, TimeUnit.SECONDS).asString()).isEqualTo("ok");
                assertThat(events.next()).isEqualTo("hello [ws-1]");
                assertThat(client.request("add", List.of(20, 22)).get(10, TimeUnit.SECONDS).asLong()).isEqualTo(42);
                assertThat(route.sessions()).hasSize(1);
                assertThat(route.broadcast("tick", Map.of("n", 1))).isEqualTo(1);
                assertThat(events.next()).isEqualTo("tick {n=1}");
                assertThatThrownBy(() -> client.request("nope", null).join())
                        .hasCauseInstanceOf(JsonRpcException.class);
            }
            assertThat(f.requests("add", "ok")).isEqualTo(1);
        }
    }

    @Test
    void pushesAfterTheAnswerFollowIt() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveWebSocket(open("ws"), session -> new JsonRpcHandler() {
                @Override
                public Object onRequest(JsonRpcSession s, JsonRpcRequest request) {
                    return "sub-1";
                }

                @Override
                public void onAnswered(JsonRpcSession s, JsonRpcRequest request) {
                    s.notify("first", List.of(1));
                }
            });
            f.start();
            try (RawWebSocket ws = RawWebSocket.connect(f.ws("ws"))) {
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\"}");
                assertThat(ws.next().path("result").asText()).isEqualTo("sub-1");
                assertThat(ws.next().path("method").asText()).isEqualTo("first");
            }
        }
    }

    @Test
    void theClientReconnectsAfterTheServerHangsUpAndFailsRequestsMeanwhile() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            JsonRpcRoute route = f.rpc.serveWebSocket(open("ws"), session -> TestMethods.methods());
            f.start();
            Events events = new Events();
            try (JsonRpcWebSocketClient client = client(f, "ws", events)) {
                assertThat(events.next()).startsWith("connected");
                // An answer means the server has opened its side of the session.
                assertThat(client.request("add", List.of(1, 1)).get(10, TimeUnit.SECONDS).asLong()).isEqualTo(2);
                route.sessions().forEach(JsonRpcSession::close);
                assertThat(events.next()).isEqualTo("disconnected");
                assertThat(events.next()).startsWith("connected");
                assertThat(client.request("add", List.of(1, 2)).get(10, TimeUnit.SECONDS).asLong()).isEqualTo(3);
            }
        }
    }

    @Test
    void requestsFailAtOnceWhenNotConnected() {
        try (JsonRpcWebSocketClient client = new JsonRpcWebSocketClient(
                JsonRpcWebSocketClientSettings.of("nowhere", java.net.URI.create("ws://127.0.0.1:1/x"))
                        .withReconnect(FAST), new Events()).start()) {
            assertThat(client.isConnected()).isFalse();
            assertThatThrownBy(() -> client.request("x", null).join()).hasCauseInstanceOf(
                    JsonRpcTransportException.class);
            assertThat(client.notify("x", null)).isFalse();
        }
    }

    @Test
    void theClientDropsAServerThatSendsTooMuch() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            JsonRpcRoute route = f.rpc.serveWebSocket(open("ws"), session -> TestMethods.methods());
            f.start();
            Events events = new Events();
            try (JsonRpcWebSocketClient client = new JsonRpcWebSocketClient(JsonRpcWebSocketClientSettings
                    .of("small", f.ws("ws")).withReconnect(FAST).withMaxMessageBytes(1024), events).start()) {
                assertThat(events.next()).startsWith("connected");
                assertThat(client.request("add", List.of(1, 1)).get(10, TimeUnit.SECONDS).asLong()).isEqualTo(2);
                assertThat(route.broadcast("big", List.of("x".repeat(4096)))).isEqualTo(1);
                assertThat(events.next()).isEqualTo("disconnected");
                assertThat(events.next()).startsWith("connected");
            }
        }
    }

    @Test
    void badMessagesAreAnsweredAndStrikesCloseTheConnection() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveWebSocket(open("ws").withLimits(JsonRpcLimits.DEFAULTS.withMaxLineBytes(1024)
                    .withMaxStrikes(4)), session -> TestMethods.methods());
            f.start();
            try (RawWebSocket ws = RawWebSocket.connect(f.ws("ws"))) {
                ws.send("{garbage");
                assertThat(ws.next().path("error").path("code").asInt()).isEqualTo(-32700);
                ws.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\"}]");
                assertThat(ws.next().path("error").path("code").asInt()).isEqualTo(-32600);
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":[\"" + "x".repeat(2000) + "\"]}");
                JsonNode tooLarge = ws.next();
                assertThat(tooLarge.path("error").path("code").asInt()).isEqualTo(-32600);
                // A good request resets the count.
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"add\",\"params\":[1,2]}");
                assertThat(ws.next().path("result").asLong()).isEqualTo(3);
                for (int i = 0; i < 3; i++) {
                    ws.send("{garbage " + i);
                    ws.next();
                }
                assertThat(ws.closed.isDone()).isFalse();
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":1}"); // an answer nobody asked for: no reply
                assertThat(ws.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            }
            assertThat(f.errors("parse_error")).isEqualTo(4);
            assertThat(f.errors("invalid_request")).isEqualTo(1);
            assertThat(f.errors("too_large")).isEqualTo(1);
            assertThat(f.errors("unexpected_response")).isEqualTo(1);
            assertThat(f.errors("too_many_strikes")).isEqualTo(1);
        }
    }

    @Test
    void overTheRateIsAnsweredWithTheScopeAndTheHandlerHearsOfIt() throws Exception {
        List<String> refused = new CopyOnWriteArrayList<>();
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveWebSocket(open("ws").withLimits(JsonRpcLimits.DEFAULTS.withRate(0.001, 1)),
                    session -> new JsonRpcHandler() {
                        @Override
                        public Object onRequest(JsonRpcSession s, JsonRpcRequest request) {
                            return "ok";
                        }

                        @Override
                        public void onRateLimited(JsonRpcSession s, JsonRpcRequest request) {
                            refused.add(request.method());
                        }
                    });
            f.start();
            try (RawWebSocket ws = RawWebSocket.connect(f.ws("ws"))) {
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}");
                assertThat(ws.next().path("result").asText()).isEqualTo("ok");
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"submit\"}");
                JsonNode limited = ws.next();
                assertThat(limited.path("id").asInt()).isEqualTo(2);
                assertThat(limited.path("error").path("code").asInt()).isEqualTo(-32005);
                assertThat(limited.path("error").path("data").path("reason").asText()).isEqualTo("rate_limited");
                assertThat(limited.path("error").path("data").path("scope").asText()).isEqualTo("peer");
            }
            // The error goes out before the handler is told (the two need not be ordered): wait for the call.
            Eventually.until("the handler hears of the refused request", () -> !refused.isEmpty());
            assertThat(refused).containsExactly("submit");
        }
    }

    @Test
    void hostileMessagesGetJsonAnswersOrNoneAndTheRouteKeepsServing() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveWebSocket(open("ws").withLimits(JsonRpcLimits.DEFAULTS.withRate(0, 1).withGlobalRate(0, 1)
                    .withMaxStrikes(1_000_000)), session -> TestMethods.methods());
            f.start();
            List<byte[]> samples = HostileInput.utf8(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":[1,2]}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"a\":[1,{\"b\":null}]}}");
            try (RawWebSocket ws = RawWebSocket.connect(f.ws("ws"))) {
                for (int i = 0; i < HostileInput.cases(300); i++) {
                    HostileInput input = HostileInput.forCase(i);
                    String text = i % 4 == 0 ? input.text(256) : new String(input.mutate(samples),
                            java.nio.charset.StandardCharsets.UTF_8);
                    ws.send(text);
                }
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"add\",\"params\":[2,2]}");
                JsonNode answer;
                do {
                    answer = ws.next();
                    assertThat(answer.path("jsonrpc").asText()).isEqualTo("2.0");
                } while (!"last".equals(answer.path("id").asText()));
                assertThat(answer.path("result").asLong()).isEqualTo(4);
            }
            assertThat(f.errors("handler_failure")).isZero();
        }
    }
}
