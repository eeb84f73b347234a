package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientSettings;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.jsonrpc.JsonRpcTransportException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A plugin's scope: names, client notifications, and everything closed when the plugin stops. */
class PluginJsonRpcTest {

    @Test
    void closesEverythingThePluginOpenedWhenItStops() throws Exception {
        try (var rpc = new JsonRpcFixture()) {
            JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("scoped"), s -> TestMethods.methods());
            RecordingListener listener = new RecordingListener();
            JsonRpcClient client = rpc.rpc.connect(JsonRpcClientSettings.of("scoped-client",
                    List.of(new JsonRpcEndpoint("127.0.0.1", server.address().getPort(), false))), listener);
            RecordingListener.await(listener.connected);
            var socket = new LineSocket(server.address());

            rpc.rpc.close();
            rpc.rpc.close();

            assertThat(socket.closedWithin(Duration.ofSeconds(5))).isTrue();
            socket.close();
            assertThatThrownBy(() -> client.request("add", List.of(1, 1)).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(JsonRpcTransportException.class)
                    .satisfies(e -> assertThat(((JsonRpcTransportException) e).kind()).isEqualTo(Kind.CLOSED));
            assertThatThrownBy(() -> rpc.rpc.open(JsonRpcFixture.loopback("late"), s -> TestMethods.methods()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("plugin stopped");
        }
    }

    @Test
    void refusesASecondOpenServerWithTheSameName() {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("twice"), s -> TestMethods.methods())) {
            assertThatThrownBy(() -> rpc.open(JsonRpcFixture.loopback("twice"), s -> TestMethods.methods()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
            assertThat(server.sessions()).isEmpty();
        }
    }

    @Test
    void handsClientNotificationsToTheHandlerWithoutAnswering() throws Exception {
        var seen = new ArrayBlockingQueue<String>(4);
        var methods = new JsonRpcMethods(Map.of(
                "keepalived", (session, request) -> seen.add(request.params().get("id").asString()),
                "ping", (session, request) -> "pong"));
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("notes"), s -> methods);
             var socket = new LineSocket(server.address())) {
            socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"keepalived\",\"params\":{\"id\":\"w1\"}}");
            socket.send("{\"id\":null,\"method\":\"unknown.note\",\"params\":[]}");
            // The first line back answers the ping: neither notification was answered.
            assertThat(socket.call("{\"id\":5,\"method\":\"ping\"}").get("result").asText()).isEqualTo("pong");
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("w1");
        }
    }
}
