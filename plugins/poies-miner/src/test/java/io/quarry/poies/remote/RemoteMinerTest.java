package io.quarry.poies.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.miner.MinerState;
import io.quarry.poies.PoiesMinerPlugin;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote miner against a real node in the same JVM: over WebSocket getwork, over RPC polling, across restarts. */
class RemoteMinerTest {

    @TempDir
    Path dir;

    @Test
    void minesForANodeOverWebSocketAndTheBlocksItSealsAreOnThatChain() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (TestNode node = PoiesTestNodes.chain(dir, Map.of())) {
            RemoteMiner miner = new RemoteMiner(PoiesTestNodes.endpoints(node, true, true), 1, InstantSource.system(),
                    events::add);
            miner.start();
            try {
                assertThat(PoiesTestNodes.await(90, () -> miner.blocksSealed() >= 2))
                        .as("blocks sealed; events %s; stats %s", events, miner.stats()).isTrue();
                assertThat(miner.state()).isEqualTo(MinerState.RUNNING);
                String lastBlock = (String) miner.stats().extra().get("lastBlock");
                JsonNode block = PoiesTestNodes.call(node, "chain_getBlockByHash", "[\"" + lastBlock + "\"]");
                assertThat(block.isNull()).as("block %s on the node's chain", lastBlock).isFalse();
                assertThat(PoiesTestNodes.height(node)).isGreaterThanOrEqualTo(2);
                assertThat(miner.sharesAccepted()).isGreaterThanOrEqualTo(2);
                assertThat(miner.stats().hashrate().tenSeconds()).isPositive();
                assertThat(miner.stats().extra().get("connected")).isEqualTo(true);
                assertThat(events).anyMatch(e -> e.startsWith("block sealed at height "));
                assertThat(miner.recentLogs(10)).isNotEmpty();
            } finally {
                miner.stop();
            }
            assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
            String metrics = node.get("/metrics").body();
            assertThat(metrics).contains("animica_miner_blocks_sealed_total");
        }
    }

    @Test
    void theMinerRoleRunsTheSameClientInsideANode() throws Exception {
        try (TestNode chain = PoiesTestNodes.chain(dir.resolve("chain"), Map.of());
                TestNode minerNode = TestNode.builder(dir.resolve("miner"))
                        .plugin("poies-miner", PoiesMinerPlugin::new)
                        .set("poies-miner.roles", "[\"miner\"]")
                        .set("poies-miner.threads", "1")
                        .set("poies-miner.stratum_listen", "\"\"")
                        .set("poies-miner.ws_url", "\"" + PoiesTestNodes.ws(chain) + "\"")
                        .set("poies-miner.rpc_url", "\"" + PoiesTestNodes.rpc(chain) + "\"")
                        .start()) {
            assertThat(PoiesTestNodes.await(90, () -> PoiesTestNodes.reaches(chain, 1)))
                    .as("a block sealed by the miner-role node").isTrue();
            JsonNode health = PoiesTestNodes.JSON.readTree(minerNode.get("/health").body());
            JsonNode remote = null;
            for (JsonNode plugin : health.path("plugins")) {
                for (JsonNode m : plugin.path("miners")) {
                    if (m.path("id").asText().equals(RemoteMiner.ID)) {
                        remote = m;
                    }
                }
            }
            assertThat(remote).as("miner %s in %s", RemoteMiner.ID, health).isNotNull();
            assertThat(remote.path("state").asText()).isEqualTo("RUNNING");
        }
    }

    @Test
    void pollsWorkOverJsonRpcWhenNoWebSocketIsGiven() throws Exception {
        try (TestNode node = PoiesTestNodes.chain(dir, Map.of())) {
            RemoteMiner miner = new RemoteMiner(PoiesTestNodes.endpoints(node, false, true), 1,
                    InstantSource.system(), line -> { });
            miner.start();
            try {
                assertThat(PoiesTestNodes.await(60, () -> miner.sharesAccepted() >= 3))
                        .as("stats %s", miner.stats()).isTrue();
                assertThat(miner.currentWork()).isPresent();
            } finally {
                miner.stop();
            }
        }
    }

    @Test
    void reconnectsWhenTheNodeComesBackAndKeepsMining() throws Exception {
        int port = PoiesTestNodes.freePort();
        Map<String, String> fixedPort = Map.of("http.listen", "\"127.0.0.1:" + port + "\"");
        RemoteMiner miner;
        try (TestNode node = PoiesTestNodes.chain(dir.resolve("a"), fixedPort)) {
            miner = new RemoteMiner(PoiesTestNodes.endpoints(node, true, false), 1, InstantSource.system(),
                    line -> { });
            miner.start();
            assertThat(PoiesTestNodes.await(60, () -> miner.sharesAccepted() >= 1)).isTrue();
        }
        try {
            assertThat(PoiesTestNodes.await(10, () -> !Boolean.TRUE.equals(miner.stats().extra().get("connected"))))
                    .isTrue();
            long before = miner.sharesAccepted();
            try (TestNode again = PoiesTestNodes.chain(dir.resolve("b"), fixedPort)) {
                assertThat(PoiesTestNodes.await(60, () -> miner.sharesAccepted() > before))
                        .as("shares after the node came back; stats %s", miner.stats()).isTrue();
                assertThat(miner.stats().extra().get("connected")).isEqualTo(true);
                JsonNode stats = PoiesTestNodes.JSON.readTree(again.get("/api/v1/poies-miner/stats").body());
                assertThat(stats.path("miner").path("sharesAccepted").asLong()).as("shares the new node admitted")
                        .isPositive();
            }
        } finally {
            miner.stop();
        }
    }
}
