package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Requests and answers on a loopback line server: ids, dialects, errors, state and ordering. */
class JsonRpcServerTest {

    @Test
    void answersNumericAndStringIdsWithOrWithoutVersionMember() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("echo"), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            JsonNode numeric = socket.call("{\"id\":7,\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[2,3]}");
            assertThat(numeric.get("id").isInt()).isTrue();
            assertThat(numeric.get("id").asInt()).isEqualTo(7);
            assertThat(numeric.get("result").asLong()).isEqualTo(5);
            assertThat(numeric.get("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(numeric.has("error")).isFalse();

            JsonNode text = socket.call("{\"id\":\"abc\",\"method\":\"echo\",\"params\":{\"x\":[1,\"y\",null]}}");
            assertThat(text.get("id").isTextual()).isTrue();
            assertThat(text.get("id").asText()).isEqualTo("abc");
            assertThat(text.get("result").toString()).isEqualTo("{\"x\":[1,\"y\",null]}");
        }
    }

    @Test
    void writesStratumV1Envelopes() throws Exception {
        var settings = JsonRpcFixture.loopback("v1").withDialect(JsonRpcDialect.STRATUM_V1);
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(settings, s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            assertThat(socket.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}").toString())
                    .isEqualTo("{\"id\":1,\"result\":2,\"error\":null}");
            assertThat(socket.call("{\"id\":2,\"method\":\"whoami\",\"params\":[]}").toString())
                    .isEqualTo("{\"id\":2,\"result\":null,\"error\":[24,\"Unauthorized worker\",null]}");
        }
    }

    @Test
    void keepsSessionStateAcrossRequests() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("state"), s -> TestMethods.methods());
             var alice = new LineSocket(server.address());
             var bob = new LineSocket(server.address())) {
            assertThat(alice.call("{\"id\":1,\"method\":\"whoami\"}").get("error").get("code").asInt()).isEqualTo(24);
            alice.call("{\"id\":2,\"method\":\"login\",\"params\":{\"login\":\"alice\",\"pass\":\"x\"}}");
            bob.call("{\"id\":2,\"method\":\"login\",\"params\":{\"login\":\"bob\",\"pass\":\"x\"}}");

            assertThat(alice.call("{\"id\":3,\"method\":\"whoami\"}").get("result").asText()).isEqualTo("alice");
            assertThat(bob.call("{\"id\":3,\"method\":\"whoami\"}").get("result").asText()).isEqualTo("bob");
        }
    }

    @Test
    void answersInvalidJsonWithParseErrorAndKeepsTheConnection() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("parse"), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            JsonNode error = socket.call("{\"id\":1,\"method\":");
            assertThat(error.get("error").get("code").asInt()).isEqualTo(-32700);
            assertThat(error.get("id").isNull()).isTrue();
            assertThat(socket.call("[1,2]").get("error").get("code").asInt()).isEqualTo(-32600);
            assertThat(socket.call("{\"id\":4,\"params\":[]}").get("id").asInt()).isEqualTo(4);

            assertThat(socket.call("{\"id\":5,\"method\":\"add\",\"params\":[20,22]}").get("result").asInt())
                    .isEqualTo(42);
            assertThat(rpc.errors("parse_error")).isEqualTo(1);
            assertThat(rpc.errors("invalid_request")).isEqualTo(2);
        }
    }

    @Test
    void closesAfterTooManyBadLinesInARow() throws Exception {
        var settings = JsonRpcFixture.loopback("garbage")
                .withLimits(JsonRpcFixture.loopback("x").limits().withMaxStrikes(3));
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(settings, s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            socket.send("nope").send("nope").send("nope");
            assertThat(socket.closedWithin(Duration.ofSeconds(5))).isTrue();
            assertThat(rpc.errors("too_many_strikes")).isEqualTo(1);
        }
    }

    @Test
    void answersUnknownMethodsInvalidParamsAndFailuresWithTheirCodes() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("errors"), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            JsonNode unknown = socket.call("{\"id\":1,\"method\":\"mining.nope\",\"params\":[]}");
            assertThat(unknown.get("error").get("code").asInt()).isEqualTo(-32601);

            JsonNode invalid = socket.call("{\"id\":2,\"method\":\"add\",\"params\":[\"1\",2]}");
            assertThat(invalid.get("error").get("code").asInt()).isEqualTo(-32602);
            assertThat(invalid.get("error").get("message").asText()).contains("params[0]").contains("a string");

            JsonNode failed = socket.call("{\"id\":3,\"method\":\"boom\"}");
            assertThat(failed.get("error").get("code").asInt()).isEqualTo(-32603);
            assertThat(failed.toString()).doesNotContain("secret").doesNotContain("IllegalState");

            assertThat(socket.call("{\"id\":4,\"method\":\"add\",\"params\":[1,2]}").get("result").asInt()).isEqualTo(3);
        }
    }

    @Test
    void countsRequestsByMethodAndOutcome() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("metered"), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            socket.call("{\"id\":1,\"method\":\"add\",\"params\":[1,2]}");
            socket.call("{\"id\":2,\"method\":\"random-junk-name\"}");
            assertThat(rpc.registry.find("quarry.jsonrpc.requests").tags("server", "metered", "method", "add",
                    "outcome", "ok").timer().count()).isEqualTo(1);
            assertThat(rpc.registry.find("quarry.jsonrpc.requests").tags("method", "unknown", "outcome",
                    "not_found").timer().count()).isEqualTo(1);
            assertThat(rpc.registry.find("quarry.jsonrpc.connections").tag("server", "metered").gauge().value())
                    .isEqualTo(1);
        }
    }

    @Test
    void handlesPipelinedRequestsOfOneConnectionInOrder() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        var settings = JsonRpcFixture.loopback("ordered")
                .withLimits(JsonRpcFixture.loopback("x").limits().withRate(1_000_000, 1000));
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(settings, s -> new JsonRpcMethods(
                     Map.of("next", (session, request) -> {
                         if (seen.get() % 50 == 0) {
                             LockSupport.parkNanos(1_000_000); // a handler that blocks now and then reorders nothing
                         }
                         return seen.incrementAndGet();
                     })));
             var socket = new LineSocket(server.address())) {
            StringBuilder batch = new StringBuilder();
            for (int id = 1; id <= 500; id++) {
                batch.append("{\"id\":").append(id).append(",\"method\":\"next\"}\n");
            }
            socket.sendRaw(batch.toString().getBytes(StandardCharsets.UTF_8));
            for (int id = 1; id <= 500; id++) {
                JsonNode answer = socket.readJson();
                assertThat(answer.get("id").asInt()).isEqualTo(id);
                assertThat(answer.get("result").asInt()).isEqualTo(id);
            }
        }
    }

    @Test
    void closesIdempotentlyHangsUpAndStopsListening() throws Exception {
        try (var rpc = new JsonRpcFixture()) {
            JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("closing"), s -> TestMethods.methods());
            InetSocketAddress address = server.address();
            try (var socket = new LineSocket(address)) {
                server.close();
                server.close();
                assertThat(socket.closedWithin(Duration.ofSeconds(2))).isTrue();
            }
            assertThat(server.address()).isEqualTo(address);
            assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void refusesAPortInUseWithAClearError() throws Exception {
        try (var rpc = new JsonRpcFixture();
             ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var settings = JsonRpcServerSettings.of("taken", "127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> rpc.open(settings, s -> TestMethods.methods()))
                    .isInstanceOf(JsonRpcTransportException.class)
                    .hasMessageContaining("already in use");
            // The name is free again after the failure.
            rpc.open(JsonRpcFixture.loopback("taken"), s -> TestMethods.methods()).close();
        }
    }
}
