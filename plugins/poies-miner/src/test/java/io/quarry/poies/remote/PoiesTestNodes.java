package io.quarry.poies.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.poies.PoiesMinerPlugin;
import io.quarry.testkit.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Real nodes with the poies-miner plugin for the edge's end-to-end tests, and small helpers around them. */
public final class PoiesTestNodes {

    public static final ObjectMapper JSON = new ObjectMapper();

    private PoiesTestNodes() {
    }

    /**
     * A node-role node that does not scan itself (so every block comes from outside miners), with a one-second
     * block time, plus {@code extra} keys.
     */
    public static TestNode chain(Path dir, Map<String, String> extra) {
        TestNode.Builder builder = TestNode.builder(dir).plugin("poies-miner", PoiesMinerPlugin::new)
                .set("poies-miner.device", "\"none\"")
                .set("poies-miner.block_time_secs", "1")
                .set("poies-miner.stratum_listen", "\"\"")
                .set("poies-miner.proof_interval_ms", "500")
                .set("poies-miner.template_refresh_ms", "500");
        extra.forEach(builder::set);
        return builder.start();
    }

    public static URI ws(TestNode node) {
        return URI.create("ws://127.0.0.1:" + node.httpAddress().getPort() + "/api/v1/poies-miner/ws");
    }

    public static URI rpc(TestNode node) {
        return URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + "/api/v1/poies-miner/rpc");
    }

    public static Upstream.Endpoints endpoints(TestNode node, boolean ws, boolean rpc) {
        return new Upstream.Endpoints(ws ? Optional.of(ws(node)) : Optional.empty(),
                rpc ? Optional.of(rpc(node)) : Optional.empty(), Optional.empty());
    }

    /** The result of a JSON-RPC call to the node, failing the test on an error answer. */
    public static JsonNode call(TestNode node, String method, String params) throws IOException {
        var response = node.post("/api/v1/poies-miner/rpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method
                + "\",\"params\":" + params + "}");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.has("error")).as(response.body()).isFalse();
        return answer.get("result");
    }

    public static long height(TestNode node) throws IOException {
        return call(node, "chain_getHead", "[]").get("height").asLong();
    }

    /** Whether the node's head is at {@code height} or above. */
    public static boolean reaches(TestNode node, long height) {
        try {
            return height(node) >= height;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to {@code seconds} for {@code condition}. */
    public static boolean await(long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
