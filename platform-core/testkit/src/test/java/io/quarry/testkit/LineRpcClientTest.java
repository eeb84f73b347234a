package io.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcMethod;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A line server opened through {@link TestJsonRpc}, driven by {@link LineRpcClient}. */
class LineRpcClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void callsAMethodAndKeepsNotificationsThatArriveFirst() {
        JsonRpcMethod greet = (session, request) -> {
            session.notify("greet.seen", java.util.List.of(request.params().get(0).asString()));
            return "hello, " + request.params().get(0).asString();
        };
        try (TestJsonRpc rpc = TestJsonRpc.open()) {
            JsonRpcServer server = rpc.servers("test").open(JsonRpcServerSettings.of("greeter", "127.0.0.1", 0),
                    session -> new JsonRpcMethods(Map.of("greet", greet)));
            try (LineRpcClient client = LineRpcClient.connect(server.address())) {
                JsonNode response = client.call("greet", "Ada");
                assertThat(response.path("result").asText()).isEqualTo("hello, Ada");
                assertThat(client.nextNotification(WAIT).path("method").asText()).isEqualTo("greet.seen");
                assertThat(client.call("nope").path("error").path("code").asInt()).isEqualTo(-32601);
            }
        }
    }

    @Test
    void closingTheServiceClosesItsServersConnections() {
        TestJsonRpc rpc = TestJsonRpc.open();
        JsonRpcServer server = rpc.servers("test").open(JsonRpcServerSettings.of("greeter", "127.0.0.1", 0),
                session -> new JsonRpcMethods(Map.of()));
        try (LineRpcClient client = LineRpcClient.connect(server.address())) {
            assertThat(client.closedByServer(Duration.ofMillis(50))).isFalse();
            rpc.close();
            assertThat(client.closedByServer(WAIT)).isTrue();
        }
    }
}
