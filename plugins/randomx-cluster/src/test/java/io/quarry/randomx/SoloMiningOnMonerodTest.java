package io.quarry.randomx;

import static io.quarry.randomx.RandomxClusterPluginTest.await;
import static io.quarry.randomx.RandomxClusterPluginTest.stats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.randomx.daemon.Monerod;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Solo mining against a real monerod in regtest mode: the node mines blocks that monerod accepts, and for each
 * the daemon's own {@code pow_hash} equals the hash the node computed. Light mode keeps memory (256 MiB) and
 * start-up (one cache, about a second) small for CI; at difficulty {@value #DIFFICULTY} two cores in light
 * mode find a block within seconds, while a wrong hash would pass monerod's check only one time in
 * {@value #DIFFICULTY}.
 */
@Tag("daemon")
class SoloMiningOnMonerodTest {

    static final long DIFFICULTY = 40;
    private static final int BLOCKS = 3;

    @TempDir
    Path dir;

    /** A node mining solo on {@code monerod} in light mode without huge pages, polling it every 200 ms. */
    static TestNode.Builder soloNode(Path dir, Monerod monerod, int threads) {
        return TestNode.builder(dir).plugin("randomx-cluster", RandomxClusterPlugin::new)
                .set("randomx-cluster.daemon_rpc", "\"" + monerod.rpcUrl() + "\"")
                .set("randomx-cluster.wallet_address", "\"" + Monerod.WALLET + "\"")
                .set("randomx-cluster.mode", "\"light\"")
                .set("randomx-cluster.threads", Integer.toString(threads))
                .set("randomx-cluster.huge_pages", "\"off\"")
                .set("randomx-cluster.daemon_poll_ms", "200");
    }

    @Test
    void minesBlocksMonerodAcceptsWithTheSamePowHash() throws Exception {
        try (Monerod monerod = Monerod.start(dir, DIFFICULTY)) {
            long startHeight = monerod.client().getInfo().height();
            try (TestNode node = soloNode(dir.resolve("node"), monerod, 2).start()) {
                try {
                    await(() -> stats(node).get("blocksFound").asLong() >= BLOCKS, Duration.ofSeconds(300));
                } catch (AssertionError e) {
                    throw new AssertionError("fewer than " + BLOCKS + " blocks: " + stats(node) + "\nmonerod:\n"
                            + monerod.output(), e);
                }
                JsonNode stats = stats(node);
                assertThat(stats.get("upstream").get("kind").asText()).isEqualTo("daemon");
                // monerod refused nothing; a second result for work that already made a block is kept back (stale).
                List<String> reasons = new ArrayList<>();
                stats.get("rejectedByReason").fieldNames().forEachRemaining(reasons::add);
                assertThat(reasons).as(stats.toString()).isSubsetOf(List.of("stale"));
                List<Long> heights = new ArrayList<>();
                for (JsonNode block : stats.get("blocks")) {
                    long height = block.get("height").asLong();
                    heights.add(height);
                    JsonRpcValue header = monerod.client().getBlockHeaderByHeight(height, true);
                    assertThat(header.get("pow_hash").asString()).as("monerod's pow_hash of block %d", height)
                            .isEqualTo(block.get("powHash").asText());
                    assertThat(header.get("difficulty").asLong()).isEqualTo(DIFFICULTY);
                }
                assertThat(heights).hasSizeGreaterThanOrEqualTo(BLOCKS).doesNotHaveDuplicates();
                assertThat(monerod.client().getInfo().height()).as("the chain grew by the blocks found")
                        .isGreaterThanOrEqualTo(startHeight + BLOCKS);
            }
        }
    }
}
