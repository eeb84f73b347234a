package io.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON-RPC over HTTP POST against a plugin's route on a {@link TestNode}. */
class HttpRpcClientTest {

    @TempDir
    Path dir;

    @Test
    void callsWithFreshIdsAndTheNodesToken() {
        try (TestNode node = TestNode.builder(dir).plugin("sum", SumRpcPlugin::new).start()) {
            HttpRpcClient client = node.rpcClient("/api/v1/sum/rpc");
            assertThat(client.call("sum", 2, 3, 4).path("result").asLong()).isEqualTo(9);
            assertThat(client.call("sum").path("id").asLong()).isEqualTo(2);
            assertThat(client.call("product", 2).path("error").path("code").asInt()).isEqualTo(-32601);
            assertThat(client.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"sum\",\"params\":[1]}").body())
                    .contains("\"result\":1");
        }
    }

    @Test
    void withoutTheTokenATokenRouteRefusesTheCall() {
        try (TestNode node = TestNode.builder(dir).plugin("sum", SumRpcPlugin::new)
                .set("http.token_on_loopback", "true").start()) {
            HttpRpcClient anonymous = new HttpRpcClient(node.baseUri().resolve("/api/v1/sum/rpc"), Optional.empty());
            assertThat(anonymous.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sum\",\"params\":[]}").statusCode())
                    .isEqualTo(401);
        }
    }
}
