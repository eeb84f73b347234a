package io.quarry.poies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.poies.PoiesMinerPlugin;
import io.quarry.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A real node running the shipped {@code config/dev.toml} {@code [poies-miner]} table, so it scans and seals
 * blocks with useful proofs on its own (as {@code NodeIntegrationTest} runs it), for the panel's tests.
 */
public final class DevChain {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEV_CONFIG = Path.of("../../config/dev.toml");

    private DevChain() {
    }

    /**
     * Starts the dev table with Stratum on a free loopback port (dev.toml's fixed port could be taken), then
     * {@code overrides} ({@code --set} literals).
     */
    public static TestNode start(Path dir, Map<String, String> overrides) throws IOException {
        TestNode.Builder builder = TestNode.builder(dir).plugin("poies-miner", PoiesMinerPlugin::new);
        TomlParseResult dev = Toml.parse(DEV_CONFIG);
        assertThat(dev.errors()).isEmpty();
        TomlTable table = dev.getTable("poies-miner");
        assertThat(table).as("[poies-miner] in %s", DEV_CONFIG).isNotNull();
        for (String key : table.keySet()) {
            builder.set("poies-miner." + key, literal(table.get(key)));
        }
        builder.set("poies-miner.stratum_listen", "\"127.0.0.1:0\"");
        overrides.forEach(builder::set);
        return builder.start();
    }

    /** The result of a JSON-RPC call (with the node's API token), failing the test on an error answer. */
    public static JsonNode rpc(TestNode node, String method, String params) throws IOException {
        var response = node.post("/api/v1/poies-miner/rpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method
                + "\",\"params\":" + params + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.has("error")).as(response.body()).isFalse();
        return answer.get("result");
    }

    /** GETs {@code path} (no token, as a browser would) and parses the JSON answer, which must be 200. */
    public static JsonNode get(TestNode node, String path) throws IOException {
        var response = node.get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Polls {@code chain_getHead} until {@code until} holds for it; fails after {@code deadline}. */
    public static JsonNode awaitHead(TestNode node, Duration deadline, Predicate<JsonNode> until) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        JsonNode head = rpc(node, "chain_getHead", "[]");
        while (!until.test(head)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the dev chain did not get there within " + deadline + "; head " + head);
            }
            Thread.sleep(200);
            head = rpc(node, "chain_getHead", "[]");
        }
        return head;
    }

    /** Waits until the head is at least {@code height} and its block carries at least one proof; returns it. */
    public static JsonNode awaitHeadWithProofs(TestNode node, long height, Duration deadline) throws Exception {
        JsonNode[] block = new JsonNode[1];
        awaitHead(node, deadline, head -> {
            if (head.get("height").asLong() < height) {
                return false;
            }
            try {
                block[0] = rpc(node, "chain_getBlockByHeight", "[" + head.get("height").asLong() + "]");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return !block[0].get("proofs").isEmpty();
        });
        return block[0];
    }

    /** A TOML value as the literal {@code --set} takes. */
    private static String literal(Object value) {
        return switch (value) {
            case String text -> "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case TomlArray array -> "[" + String.join(", ", array.toList().stream().map(DevChain::literal)
                    .toList()) + "]";
            default -> value.toString();
        };
    }
}
