package io.quarry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.storage.miner.Rebalancer;
import io.quarry.storage.store.StorageLimits;
import io.quarry.testing.HeadlessChromium;
import io.quarry.testing.MutableClock;
import io.quarry.testkit.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The shipped {@code config/dev.toml} {@code [storage-miner]} table on a real node: one node that is the validator
 * and its only miner takes a PUT and gives the same bytes back on GET, its shards kept by its own miner, and the
 * cluster report tells the truth about what one miner cannot survive.
 */
class DevStorageNodeTest {

    private static final Path DEV_CONFIG = Path.of("../../config/dev.toml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void devNodeStoresAFileOnItsOwnMinerAndReturnsTheSameBytes() throws Exception {
        TomlParseResult dev = Toml.parse(DEV_CONFIG);
        assertThat(dev.errors()).isEmpty();
        TomlTable table = dev.getTable("storage-miner");
        assertThat(table).isNotNull();
        StorageMinerPlugin[] plugin = new StorageMinerPlugin[1];
        TestNode.Builder builder = TestNode.builder(dir).plugin("storage-miner", () -> plugin[0] = new StorageMinerPlugin());
        for (String key : table.keySet()) {
            builder.set("storage-miner." + key, toml(table.get(key)));
        }
        try (TestNode node = builder.start(); HttpClient http = HttpClient.newHttpClient()) {
            var runtime = plugin[0].validator().orElseThrow();
            awaitState(() -> runtime.membership().placement().isPresent()
                    && plugin[0].minerService().orElseThrow().placement().isPresent());
            JsonNode cluster = JSON.readTree(node.get("/api/v1/storage-miner/cluster").body());
            assertThat(cluster.get("miners")).hasSize(1);
            assertThat(cluster.at("/miners/0/nodeId").asText()).isEqualTo(node.nodeId());
            assertThat(cluster.at("/miners/0/online").asBoolean()).isTrue();

            byte[] file = new byte[5 * 1024 * 1024 + 3]; // three stripes
            new Random(7).nextBytes(file);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(node.baseUri().resolve("/api/v1/storage-miner/files"))
                    .header("Authorization", "Bearer " + node.apiToken())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            String fileId = JSON.readTree(put.body()).get("fileId").asText();
            HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(node.baseUri().resolve("/api/v1/storage-miner/files/"
                    + fileId)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(file);

            // All 3 stripes x 6 shards are on this node's own miner, and the report says what that means.
            assertThat(plugin[0].minerService().orElseThrow().shards().count()).isEqualTo(18);
            JsonNode report = JSON.readTree(node.get("/api/v1/storage-miner/cluster").body()).at("/redundancy/0");
            assertThat(report.get("fileId").asText()).isEqualTo(fileId);
            assertThat(report.get("fewestShardsHeld").asInt()).isEqualTo(6);
            assertThat(report.get("fullRedundancy").asBoolean()).isTrue();
            assertThat(report.get("faultTolerance").asText()).isEqualTo("all shards on 1 miner: no fault tolerance");
            // The dashboard panel reads the same figures from stats.
            JsonNode stats = JSON.readTree(node.get("/api/v1/storage-miner/stats").body());
            assertThat(stats.at("/cluster/files").asInt()).isOne();
            assertThat(stats.at("/miner/shards").asLong()).isEqualTo(18);

            if (HeadlessChromium.find().isEmpty()) {
                assertThat(HeadlessChromium.required()).as("headless Chromium is required in CI").isFalse();
                assumeTrue(false, "headless Chromium is not installed");
            }
            String dom = HeadlessChromium.dumpDom(node.baseUri().resolve("/plugins/storage-miner/"), Duration.ofSeconds(3));
            assertThat(dom).contains("<td>" + fileId.substring(0, 16) + "\u2026</td><td>5.0 MiB</td><td>3</td>"
                    + "<td>6 of 6 (full)</td><td>all shards on 1 miner: no fault tolerance</td>");
        }
    }

    /**
     * The dev node rebalances its own shards (rebalancing is on in {@code config/dev.toml}): an hour later, past the
     * orphan grace period, its one miner still keeps all six shards of every stripe, because it holds every one of
     * them under the colocating map, and the file downloads whole.
     */
    @Test
    void devNodeKeepsEveryColocatedShardPastTheOrphanGracePeriod() throws Exception {
        TomlTable table = Toml.parse(DEV_CONFIG).getTable("storage-miner");
        assertThat(table.getBoolean("allow_colocated_shards")).isTrue();
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        StorageMinerPlugin[] plugin = new StorageMinerPlugin[1];
        TestNode.Builder builder = TestNode.builder(dir).plugin("storage-miner", () -> plugin[0] = new StorageMinerPlugin(clock));
        for (String key : table.keySet()) {
            builder.set("storage-miner." + key, toml(table.get(key)));
        }
        try (TestNode node = builder.start()) {
            var runtime = plugin[0].validator().orElseThrow();
            var minerService = plugin[0].minerService().orElseThrow();
            Rebalancer rebalancer = plugin[0].rebalancer().orElseThrow();
            awaitState(() -> runtime.membership().placement().isPresent() && minerService.placement().isPresent());

            byte[] file = new byte[5 * 1024 * 1024 + 3]; // three stripes
            new Random(11).nextBytes(file);
            String fileId = runtime.gateway().upload(file).fileId();
            assertThat(minerService.shards().count()).isEqualTo(18);

            Rebalancer.Pass first = rebalancer.run();
            assertThat(first.stripes()).isEqualTo(3);
            assertThat(first.missing()).isZero();
            assertThat(first.collected()).isZero();
            clock.advance(Duration.ofSeconds(StorageLimits.ORPHAN_GRACE_PERIOD_SECS + 60));
            Rebalancer.Pass later = rebalancer.run();
            assertThat(later.collected()).isZero();
            assertThat(later.missing()).isZero();
            assertThat(minerService.shards().count()).isEqualTo(18);
            assertThat(runtime.gateway().download(fileId)).hasValue(file);
        }
    }

    /**
     * After a restart the dev node does not claim full redundancy from the upload's push alone: the epochs continue
     * from the stored one (the map before the restart is not the current one), and its miner registered again. With
     * rebalancing off nothing confirms the shards, so the report says so; with it on, the first pass does.
     */
    @Test
    void afterARestartFullRedundancyNeedsARebalancingPass() throws Exception {
        TomlTable table = Toml.parse(DEV_CONFIG).getTable("storage-miner");
        String fileId;
        long epoch;
        String nodeId;
        StorageMinerPlugin[] plugin = new StorageMinerPlugin[1];
        try (TestNode node = devNode(table, plugin, "false")) {
            var runtime = plugin[0].validator().orElseThrow();
            awaitState(() -> runtime.membership().placement().isPresent()
                    && plugin[0].minerService().orElseThrow().placement().isPresent());
            byte[] file = new byte[3 * 1024 * 1024];
            new Random(13).nextBytes(file);
            fileId = runtime.gateway().upload(file).fileId();
            epoch = runtime.membership().epoch();
            assertThat(fullRedundancy(node, fileId)).isTrue();
        }
        try (TestNode node = devNode(table, plugin, "false")) {
            var runtime = plugin[0].validator().orElseThrow();
            awaitState(() -> runtime.membership().placement().isPresent());
            assertThat(runtime.membership().epoch()).isGreaterThan(epoch);
            assertThat(plugin[0].minerService().orElseThrow().shards().count()).isEqualTo(12);
            assertThat(fullRedundancy(node, fileId)).isFalse();
            nodeId = node.nodeId();
        }
        // Rebalancing on, and validator_node_id naming the node itself without validator_address (the same
        // one-node cluster, spelled out): its pass confirms the shards.
        TestNode.Builder ownId = devBuilder(table, plugin, "true").set("storage-miner.validator_node_id", "\"" + nodeId + "\"");
        try (TestNode node = ownId.start()) {
            assertThat(node.nodeId()).isEqualTo(nodeId);
            awaitState(() -> {
                try {
                    return fullRedundancy(node, fileId);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private TestNode devNode(TomlTable table, StorageMinerPlugin[] plugin, String rebalance) {
        return devBuilder(table, plugin, rebalance).start();
    }

    private TestNode.Builder devBuilder(TomlTable table, StorageMinerPlugin[] plugin, String rebalance) {
        TestNode.Builder builder = TestNode.builder(dir).plugin("storage-miner", () -> plugin[0] = new StorageMinerPlugin());
        for (String key : table.keySet()) {
            builder.set("storage-miner." + key, toml(table.get(key)));
        }
        return builder.set("storage-miner.rebalance_enabled", rebalance)
                .set("storage-miner.rebalance_tick_secs", "1")
                .set("storage-miner.heartbeat_interval_secs", "1");
    }

    private static boolean fullRedundancy(TestNode node, String fileId) throws Exception {
        for (JsonNode file : JSON.readTree(node.get("/api/v1/storage-miner/cluster").body()).get("redundancy")) {
            if (file.get("fileId").asText().equals(fileId)) {
                return file.get("fullRedundancy").asBoolean();
            }
        }
        throw new AssertionError("file " + fileId + " is not in the redundancy report");
    }

    private static String toml(Object value) {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof TomlArray array) {
            return array.toList().stream().map(DevStorageNodeTest::toml).toList().toString();
        }
        return String.valueOf(value);
    }

    private static void awaitState(BooleanSupplier state) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!state.getAsBoolean()) {
            assertThat(System.nanoTime()).as("state not reached within %s", WAIT).isLessThan(end);
            Thread.sleep(50);
        }
    }
}
