package io.quarry.subnet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.subnet.MinerFixtures;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orchestrator-connected mode against a small orchestrator on loopback. */
class OrchestratorModeTest {

    @TempDir
    Path dir;

    @Test
    void authenticatesRunsJobsByTypeAndReconnectsAfterADrop() throws Exception {
        MinerFixtures.writeWallet(dir);
        TestOrchestrator orchestrator = new TestOrchestrator(List.of(
                // Malformed messages first: ignored, the connection and the jobs after them carry on.
                "not json", "[1,2]", "{\"event\":42}", "{\"event\":\"surprise\"}",
                "{\"event\":\"job\",\"id\":\"j1\",\"data\":{\"type\":\"cvm\"}}",
                "{\"event\":\"job\",\"id\":\"j2\",\"data\":{\"type\":\"inference\",\"payload\":{}}}",
                "{\"event\":\"job\",\"id\":\"j3\",\"data\":{\"type\":\"echo\",\"payload\":{\"text\":\"hi\"}}}",
                "{\"event\":\"job\",\"id\":\"j4\",\"data\":{\"type\":\"echo\",\"payload\":{\"text\":[1]}}}"));
        try (TestNode hub = TestNode.builder(dir.resolve("hub")).plugin("orchestrator", () -> orchestrator).start();
             TestNode miner = MinerFixtures.minerNode(dir, Map.of("subnet-miner.orchestrator_url",
                     "\"ws://127.0.0.1:" + hub.baseUri().getPort() + "/api/v1/orchestrator/jobs\""))) {
            TestOrchestrator.Auth auth = orchestrator.auths.poll(30, TimeUnit.SECONDS);
            assertThat(auth).as("the miner authenticated").isNotNull();
            assertThat(auth.hotkey()).isEqualTo(MinerFixtures.address(MinerFixtures.MINER));
            assertThat(auth.headerHotkey()).isEqualTo(auth.hotkey());
            assertThat(auth.signatureValid()).isTrue();
            assertThat(auth.gpuInfo().has("gpu_count")).isTrue();

            Map<String, JsonNode> results = new HashMap<>();
            for (int i = 0; i < 4; i++) {
                JsonNode result = orchestrator.results.poll(30, TimeUnit.SECONDS);
                assertThat(result).as("result %d", i).isNotNull();
                results.put(result.get("id").asText(), result.get("result"));
            }
            assertThat(results.get("j1").get("cpu_cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(results.get("j2").get("error").asText()).isEqualTo("Unknown job type");
            assertThat(results.get("j3").get("echo").asText()).isEqualTo("hi");
            assertThat(results.get("j4").get("error").asText()).contains("bad payload");

            orchestrator.sessions.poll(1, TimeUnit.SECONDS).close();
            TestOrchestrator.Auth again = orchestrator.auths.poll(30, TimeUnit.SECONDS);
            assertThat(again).as("the miner reconnected and authenticated again").isNotNull();
            assertThat(again.signatureValid()).isTrue();
            JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(miner.get("/api/v1/subnet-miner/stats").body()).at("/extra/orchestrator");
            assertThat(status.get("connections").asInt()).isGreaterThanOrEqualTo(2);
        }
    }
}
