package io.quarry.poies.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.poies.DevChain;
import io.quarry.poies.PoiesMinerPlugin;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.proof.hash.HashShareKind;
import io.quarry.poies.stratum.TestScanner;
import io.quarry.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node (kernel, RocksDB store, HTTP port) with the plugin. With the shipped dev config it mines on its own:
 * within a minute blocks are sealed with non-hash proofs attached, visible through the JSON-RPC route and the
 * Prometheus metrics under the names docs/plugins.md lists, and the chain survives a restart.
 */
class NodeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The node seals blocks on its own within a minute, some with non-hash proofs attached. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

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

            // A malformed share, so the refusal counter has a sample.
            assertThat(node.post("/api/v1/poies-miner/rpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                    + "\"miner_submitShare\",\"params\":[{}]}").body()).contains("\"reason\":\"schema\"");
            String metrics = node.get("/metrics").body();
            // Exactly the names docs/plugins.md lists under poies-miner's metrics.
            assertThat(counter(metrics, "animica_miner_blocks_sealed_total", "")).isPositive();
            double useful = 0;
            for (String type : new String[] {"ai", "quantum", "storage", "vdf"}) {
                useful += counter(metrics, "animica_miner_selected_proofs_total", "type=\"" + type + "\"");
            }
            assertThat(useful).isPositive();
            assertThat(metrics).containsPattern("(?m)^animica_miner_selected_proofs_total\\{[^}]*type=\"hash\"[^}]*\\} ");
            assertThat(counter(metrics, "animica_miner_shares_rejected_total", "reason=\"schema\"")).isEqualTo(1);
            assertThat(counter(metrics, "animica_miner_hashrate_shares_per_sec", "")).isPositive();
            assertThat(counter(metrics, "animica_miner_submit_latency_seconds_count", "")).isPositive();

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

    /**
     * The wiring of admission's last step in a real node: shares that make no block are pooled as {@code hashshare:v1}
     * proofs (their kind is registered and finds the sibling template), the next work commits to them, and the
     * block sealed on that work carries them, counted as {@code type="hash"}.
     */
    @Test
    void admittedSharesArePooledAsHashShareProofsAndSealedWithTheBlock() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("poies-miner", PoiesMinerPlugin::new)
                .set("poies-miner.device", "\"none\"")
                .set("poies-miner.block_time_secs", "1")
                .set("poies-miner.stratum_listen", "\"\"")
                .set("poies-miner.proof_kinds", "[]") // no other proofs: every psi comes from shares
                .set("poies-miner.target_shares_per_sec", "10000") // a share target at the 2-nat floor
                .set("poies-miner.template_refresh_ms", "250")
                .start()) {
            HeaderTemplate first = PoiesJson.templateFromTree(rpc(node, "miner_getWork", "[]").get("result"));
            long target = rpc(node, "miner_getShareTarget", "[]").get("result").get("hMicro").asLong();
            long nonce = 0;
            for (int i = 0; i < 3; i++) {
                nonce = new TestScanner(first).find(nonce + 1, target, target + 1_000_000);
                String envelope = PoiesJson.toJson(UDraw.share(first, nonce).toEnvelope());
                assertThat(rpc(node, "miner_submitShare", "[" + envelope + "]").get("result").get("status").asText())
                        .isEqualTo("accepted");
            }

            long deadline = System.nanoTime() + 30_000_000_000L; // rotations come every template_refresh_ms
            JsonNode work = JSON.readTree(node.get("/api/v1/poies-miner/stats").body()).get("work");
            while (work.get("proofs").size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                work = JSON.readTree(node.get("/api/v1/poies-miner/stats").body()).get("work");
            }
            assertThat(work.get("proofs")).extracting(JsonNode::asText).containsExactly("hashshare:v1", "hashshare:v1",
                    "hashshare:v1");
            assertThat(work.get("psiMicro").asLong()).isEqualTo(3 * HashShareKind.MAX_PSI_MICRO);

            HeaderTemplate committing = PoiesJson.templateFromTree(rpc(node, "miner_getWork", "[]").get("result"));
            assertThat(committing.proofsRoot()).isNotEqualTo(first.proofsRoot());
            long sealing = new TestScanner(committing).find(0, committing.thetaMicro()
                    - 3 * HashShareKind.MAX_PSI_MICRO, UDraw.MAX_H_MICRO + 1);
            JsonNode sealed = rpc(node, "miner_submitShare", "[" + PoiesJson.toJson(UDraw.share(committing, sealing)
                    .toEnvelope()) + "]").get("result");
            assertThat(sealed.get("status").asText()).isEqualTo("sealed");

            JsonNode block = rpc(node, "chain_getBlockByHeight", "[1]").get("result");
            assertThat(block.get("hash").asText()).isEqualTo(sealed.get("blockHash").asText());
            assertThat(block.get("proofs")).hasSize(3).allSatisfy(p -> {
                assertThat(p.get("type_id").asText()).isEqualTo("hashshare:v1");
                assertThat(p.get("type").asText()).isEqualTo("hash");
                assertThat(p.get("psiMicro").asLong()).isEqualTo(HashShareKind.MAX_PSI_MICRO);
            });
            assertThat(block.get("psiMicro").asLong()).isEqualTo(3 * HashShareKind.MAX_PSI_MICRO);
            assertThat(counter(node.get("/metrics").body(), "animica_miner_selected_proofs_total", "type=\"hash\""))
                    .isEqualTo(3);
        }
    }

    /** A node with the shipped {@code config/dev.toml} {@code [poies-miner]} table, Stratum off (no fixed port). */
    private TestNode start() throws IOException {
        return DevChain.start(dir, Map.of("poies-miner.stratum_listen", "\"\""));
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
