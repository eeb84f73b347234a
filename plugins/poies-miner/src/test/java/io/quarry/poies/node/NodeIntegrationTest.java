package io.quarry.poies.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.poies.PoiesMinerPlugin;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node (kernel, RocksDB store, HTTP port) with the plugin, mining on its own: blocks are sealed with
 * non-hash proofs attached, visible through the JSON-RPC route and the Prometheus metrics, and the chain
 * survives a restart.
 */
class NodeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void sealsBlocksWithUsefulProofsVisibleOverRpcAndMetrics() throws Exception {
        long height;
        String headHash;
        try (TestNode node = start()) {
            JsonNode withProofs = waitForBlockWithNonHashProof(node);
            assertThat(withProofs.get("scoreMicro").asLong()).isGreaterThanOrEqualTo(withProofs.get("thetaMicro")
                    .asLong());
            JsonNode proof = withProofs.get("proofs").get(0);
            assertThat(proof.get("psiMicro").asLong()).isPositive();
            assertThat(proof.get("type").asText()).isIn("ai", "quantum", "storage", "vdf", "hash");

            String metrics = node.get("/metrics").body();
            assertThat(counter(metrics, "animica_miner_blocks_sealed_total", "")).isPositive();
            double useful = 0;
            for (String type : new String[] {"ai", "quantum", "storage", "vdf"}) {
                useful += counter(metrics, "animica_miner_selected_proofs_total", "type=\"" + type + "\"");
            }
            assertThat(useful).isPositive();
            assertThat(metrics).contains("animica_miner_hashrate_shares_per_sec")
                    .contains("animica_miner_submit_latency_seconds");

            JsonNode stats = JSON.readTree(node.get("/api/v1/poies-miner/stats").body());
            assertThat(stats.get("state").asText()).isEqualTo("RUNNING");
            assertThat(stats.get("miner").get("extra").get("blocks").asLong()).isPositive();

            JsonNode head = rpc(node, "chain_getHead", "[]").get("result");
            height = head.get("height").asLong();
            headHash = head.get("hash").asText();
            JsonNode byHash = rpc(node, "chain_getBlockByHash", "[\"" + headHash + "\"]").get("result");
            assertThat(byHash.get("height").asLong()).isEqualTo(height);
        }
        try (TestNode again = start()) {
            JsonNode block = rpc(again, "chain_getBlockByHeight", "[" + height + "]").get("result");
            assertThat(block.get("hash").asText()).isEqualTo(headHash);
            assertThat(rpc(again, "chain_getHead", "[]").get("result").get("height").asLong())
                    .isGreaterThanOrEqualTo(height);
        }
    }

    private TestNode start() {
        return TestNode.builder(dir).plugin("poies-miner", PoiesMinerPlugin::new)
                .set("poies-miner.threads", "1")
                .set("poies-miner.block_time_secs", "1")
                .set("poies-miner.stratum_listen", "\"\"")
                .set("poies-miner.proof_interval_ms", "300")
                .set("poies-miner.template_refresh_ms", "200")
                .start();
    }

    private static JsonNode waitForBlockWithNonHashProof(TestNode node) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long checked = 0;
        while (System.nanoTime() < deadline) {
            long height = rpc(node, "chain_getHead", "[]").get("result").get("height").asLong();
            for (long h = checked + 1; h <= height; h++) {
                JsonNode block = rpc(node, "chain_getBlockByHeight", "[" + h + "]").get("result");
                for (JsonNode proof : block.get("proofs")) {
                    if (!proof.get("type").asText().equals("hash")) {
                        return block;
                    }
                }
                checked = h;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no block with a non-hash proof within " + DEADLINE);
    }

    private static JsonNode rpc(TestNode node, String method, String params) throws Exception {
        var response = node.post("/api/v1/poies-miner/rpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method
                + "\",\"params\":" + params + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.has("error")).as(response.body()).isFalse();
        return answer;
    }

    /** The sum of a Prometheus counter's samples whose labels contain {@code labels}. */
    private static double counter(String metrics, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
