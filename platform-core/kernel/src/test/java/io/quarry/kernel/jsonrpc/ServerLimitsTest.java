package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a line server does when a client goes over one of its limits. */
class ServerLimitsTest {

    private static final Duration CLOSE_WAIT = Eventually.LIMIT;
    /** Long enough to tell "closed at once" from "kept open" on a loaded CI machine. */
    private static final Duration STAYS_OPEN = Duration.ofMillis(300);

    private static JsonRpcServerSettings with(String name, JsonRpcLimits limits) {
        return JsonRpcFixture.loopback(name).withLimits(limits);
    }

    @Test
    void rejectsALineLongerThanTheMaximumAndCloses() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(with("long", JsonRpcLimits.DEFAULTS.withMaxLineBytes(256)),
                     s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            assertThat(socket.call("{\"id\":1,\"method\":\"add\",\"params\":[1,2]}").get("result").asInt()).isEqualTo(3);
            byte[] noNewline = new byte[1000];
            Arrays.fill(noNewline, (byte) 'x');
            // No newline at all: failFast must report it without waiting for the end of the line.
            JsonNode error = socket.sendRaw(noNewline).readJson();
            assertThat(error.get("error").get("code").asInt()).isEqualTo(-32600);
            assertThat(error.get("error").get("message").asText()).contains("256");
            assertThat(socket.closedWithin(CLOSE_WAIT)).isTrue();
            assertThat(rpc.errors("line_too_long")).isEqualTo(1);
        }
    }

    @Test
    void closesAnIdleConnection() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(with("idle", JsonRpcLimits.DEFAULTS.withIdleTimeout(Duration.ofMillis(200))),
                     s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            assertThat(socket.closedWithin(CLOSE_WAIT)).isTrue();
            assertThat(rpc.errors("idle_timeout")).isEqualTo(1);
        }
    }

    @Test
    void closesConnectionsOverTheTotalLimitAtOnce() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(with("total", JsonRpcLimits.DEFAULTS.withMaxConnections(2, 16)),
                     s -> TestMethods.methods());
             var first = new LineSocket(server.address());
             var second = new LineSocket(server.address())) {
            first.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}");
            second.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}");
            try (var third = new LineSocket(server.address())) {
                assertThat(third.closedWithin(CLOSE_WAIT)).isTrue();
            }
            assertThat(rpc.errors("connection_limit")).isEqualTo(1);
            assertThat(first.call("{\"id\":2,\"method\":\"add\",\"params\":[2,2]}").get("result").asInt()).isEqualTo(4);
            assertThat(second.closedWithin(STAYS_OPEN)).isFalse();
        }
    }

    @Test
    void closesConnectionsOverThePerAddressLimitAtOnce() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(with("per-ip", JsonRpcLimits.DEFAULTS.withMaxConnections(100, 2)),
                     s -> TestMethods.methods());
             var first = new LineSocket(server.address());
             var second = new LineSocket(server.address())) {
            first.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}");
            second.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}");
            try (var third = new LineSocket(server.address())) {
                assertThat(third.closedWithin(CLOSE_WAIT)).isTrue();
            }
            assertThat(rpc.errors("address_limit")).isEqualTo(1);
            second.close();
            // The slot comes back once the server has seen the close.
            AtomicReference<JsonNode> answer = new AtomicReference<>();
            Eventually.until("a new connection from the address answered", () -> {
                try (var again = new LineSocket(server.address())) {
                    answer.set(again.call("{\"id\":9,\"method\":\"add\",\"params\":[4,5]}"));
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(answer.get().get("result").asInt()).isEqualTo(9);
        }
    }

    @Test
    void answersRequestsOverTheConnectionRateWithRateLimited() throws Exception {
        JsonRpcLimits limits = JsonRpcLimits.DEFAULTS.withRate(1, 3).withMaxStrikes(100);
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(with("rate", limits), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            socket.sendRaw("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}\n".repeat(10).getBytes(StandardCharsets.UTF_8));
            int ok = 0;
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                JsonNode answer = socket.readJson();
                if (answer.has("result")) {
                    ok++;
                } else if (answer.get("error").get("code").asInt() == -32005) {
                    limited++;
                }
            }
            // The burst of 3: the clock stands still, so nothing refills however slow the machine.
            assertThat(ok).isEqualTo(3);
            assertThat(limited).isEqualTo(7);
            assertThat(rpc.errors("rate_limited")).isEqualTo(7);
            rpc.clock.advance(Duration.ofSeconds(1));
            assertThat(socket.call("{\"id\":2,\"method\":\"add\",\"params\":[2,2]}").get("result").asInt()).isEqualTo(4);
            assertThat(socket.call("{\"id\":3,\"method\":\"add\",\"params\":[2,2]}").get("error").get("code").asInt())
                    .isEqualTo(-32005);
        }
    }

    @Test
    void disconnectsAClientThatKeepsFlooding() throws Exception {
        JsonRpcLimits limits = JsonRpcLimits.DEFAULTS.withRate(1, 3).withMaxStrikes(5);
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(with("flood", limits), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            socket.sendRaw("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}\n".repeat(50).getBytes(StandardCharsets.UTF_8));
            assertThat(socket.closedWithin(CLOSE_WAIT)).isTrue();
            assertThat(rpc.errors("too_many_strikes")).isEqualTo(1);
        }
    }

    @Test
    void sharesTheGlobalRateAcrossConnections() throws Exception {
        JsonRpcLimits limits = JsonRpcLimits.DEFAULTS.withGlobalRate(0.5, 2).withMaxStrikes(100);
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(with("global", limits), s -> TestMethods.methods());
             var first = new LineSocket(server.address());
             var second = new LineSocket(server.address())) {
            int ok = 0;
            for (var socket : List.of(first, second, first, second)) {
                if (socket.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}").has("result")) {
                    ok++;
                }
            }
            assertThat(ok).isEqualTo(2);
            rpc.clock.advance(Duration.ofSeconds(2)); // 0.5 per second: one token for either connection
            assertThat(second.call("{\"id\":2,\"method\":\"add\",\"params\":[1,1]}").has("result")).isTrue();
            assertThat(first.call("{\"id\":2,\"method\":\"add\",\"params\":[1,1]}").has("result")).isFalse();
        }
    }

    @Test
    void closesAClientThatDoesNotReadInsteadOfBufferingForEver() throws Exception {
        JsonRpcLimits limits = JsonRpcLimits.DEFAULTS.withMaxLineBytes(1024).withMaxOutboundBytes(8192);
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(with("slow", limits), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            socket.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}");
            JsonRpcSession session = server.sessions().iterator().next();
            String blob = "ab".repeat(2048);
            boolean refused = false;
            // The socket buffers of both ends take a few MiB first; the loop ends well before 256 MiB.
            for (int i = 0; i < 65_536 && !refused; i++) {
                refused = !session.notify("job", List.of(blob));
            }
            assertThat(refused).isTrue();
            assertThat(session.isOpen()).isFalse();
            assertThat(rpc.errors("slow_consumer")).isEqualTo(1);
        }
    }
}
