package io.quarry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.storage.placement.CrushPlacement;
import io.quarry.storage.placement.MapMiner;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.wire.Manifest;
import io.quarry.storage.wire.StripeRef;
import io.quarry.testing.MutableClock;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six miners in three families (4 + 2): both miners of a family are lost, files still download; two miners of a
 * new family join: the validator adopts a new epoch, and the miners' rebalancing
 * (pulls from the old holders, rebuilds of shards whose holder is gone) brings every stripe back to all of its
 * shards on the miners the new map names. The validator runs on a clock the test moves, so "offline after two
 * minutes" takes no two minutes.
 */
class RebalanceClusterTest {

    @TempDir
    Path dir;

    final List<TestNode> nodes = new ArrayList<>();
    final MutableClock validatorClock = new MutableClock(System.currentTimeMillis());

    @AfterEach
    void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    TestNode miner(String name, String family, TestNode validator, Map<String, StorageMinerPlugin> plugins) {
        StorageMinerPlugin[] plugin = new StorageMinerPlugin[1];
        TestNode node = TestNode.builder(dir.resolve(name))
                .plugin("storage-miner", () -> plugin[0] = new StorageMinerPlugin())
                .set("storage-miner.family_id", "\"" + family + "\"")
                .set("storage-miner.validator_node_id", "\"" + validator.peerAddress().nodeId() + "\"")
                .set("storage-miner.validator_address", "\"127.0.0.1:" + validator.peerAddress().port() + "\"")
                .set("storage-miner.heartbeat_interval_secs", "1")
                .set("storage-miner.rebalance_tick_secs", "1")
                .start();
        nodes.add(node);
        plugins.put(node.peerAddress().nodeId(), plugin[0]);
        return node;
    }

    @Test
    void rebalancingRestoresFullRedundancyAfterAFamilyIsReplaced() throws Exception {
        StorageMinerPlugin[] validatorPlugin = new StorageMinerPlugin[1];
        TestNode validator = TestNode.builder(dir.resolve("validator"))
                .plugin("storage-miner", () -> validatorPlugin[0] = new StorageMinerPlugin(validatorClock))
                .set("storage-miner.roles", "[\"validator\"]")
                .set("storage-miner.data_shards", "4")
                .set("storage-miner.parity_shards", "2")
                .set("storage-miner.challenge_interval_secs", "0")
                .set("storage-miner.pg_count", "16")
                .set("http.max_body_bytes", "16777216")
                .start();
        nodes.add(validator);
        var runtime = validatorPlugin[0].validator().orElseThrow();
        Map<String, StorageMinerPlugin> plugins = new HashMap<>();
        // The shape of the storage acceptance check: six miners in three families, 4 + 2.
        List<TestNode> lost = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            for (int m = 0; m < 2; m++) {
                TestNode node = miner("m" + f + m, "f" + f, validator, plugins);
                if (f == 1) {
                    lost.add(node);
                }
            }
        }
        StorageClusterTest.awaitState(() -> runtime.membership().epoch() >= 1 && runtime.membership().miners().size() == 6
                && runtime.membership().placementProblem() == null
                && runtime.membership().placement().orElseThrow().map().miners().size() == 6);

        Random random = new Random(9);
        List<byte[]> files = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            byte[] file = new byte[random.nextInt(3_000_000)];
            random.nextBytes(file);
            files.add(file);
            runtime.gateway().upload(file);
        }
        long epoch = runtime.membership().epoch();

        // Both miners of family f1 are lost; every file still downloads. The validator notices after two minutes
        // of silence and keeps the map (two families of two cannot hold six shards with at most two each).
        for (TestNode node : lost) {
            plugins.remove(node.peerAddress().nodeId());
            node.close();
            nodes.remove(node);
        }
        for (byte[] file : files) {
            assertThat(runtime.gateway().download(io.quarry.storage.store.ShardId.of(file).hex())).hasValue(file);
        }
        validatorClock.advance(Duration.ofSeconds(125));
        // Waits until the survivors have heartbeated since the clock moved, and the lost ones have not.
        StorageClusterTest.awaitState(() -> lost.stream().noneMatch(n -> runtime.membership().isOnline(n.peerAddress().nodeId()))
                && plugins.keySet().stream().allMatch(id -> runtime.membership().isOnline(id))
                && runtime.membership().placementProblem() != null);
        assertThat(runtime.membership().epoch()).isEqualTo(epoch);
        assertThat(fewestShardsOnline(runtime)).isEqualTo(4);
        assertThat(allFullyRedundant(runtime)).isFalse();

        // Two new miners in a new family: a new epoch, and rebalancing restores every stripe.
        miner("m30", "f3", validator, plugins);
        miner("m31", "f3", validator, plugins);
        StorageClusterTest.awaitState(() -> runtime.membership().placement().orElseThrow().map().miners().size() == 6
                && runtime.membership().placementProblem() == null);
        CrushPlacement placement = runtime.membership().placement().orElseThrow();
        assertThat(placement.map().epoch()).isGreaterThan(epoch);
        assertThat(placement.map().miners()).extracting(MapMiner::familyId)
                .containsExactlyInAnyOrder("f0", "f0", "f2", "f2", "f3", "f3");

        // The validator's report says full redundancy only once the miners' passes under the new map have
        // confirmed it, and by then every shard is where the placement puts it.
        StorageClusterTest.awaitState(() -> allFullyRedundant(runtime));
        assertThat(fullyRedundant(runtime.manifests().all(), placement, plugins)).isTrue();
        assertThat(fewestShardsOnline(runtime)).isEqualTo(6);
        // Counted over all passes (the last pass may have had nothing left to do).
        double rebuilt = 0;
        for (TestNode node : nodes.subList(1, nodes.size())) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "(?m)^quarry_storage_ops_total\\{[^}]*op=\"rebuild\"[^}]*} ([0-9.E]+)$").matcher(node.get("/metrics").body());
            rebuilt += m.find() ? Double.parseDouble(m.group(1)) : 0;
        }
        assertThat(rebuilt).as("shards of the lost family can only be rebuilt").isPositive();
        for (byte[] file : files) {
            assertThat(runtime.gateway().download(io.quarry.storage.store.ShardId.of(file).hex())).hasValue(file);
        }
    }

    /** Whether {@code GET cluster} reports every file at full redundancy. */
    @SuppressWarnings("unchecked")
    static boolean allFullyRedundant(io.quarry.storage.validator.ValidatorRuntime runtime) {
        var files = (List<Map<String, Object>>) runtime.clusterView().get("redundancy");
        return files.stream().allMatch(f -> (boolean) f.get("fullRedundancy"));
    }

    /** The smallest {@code fewestShardsOnline} over the files with stripes in {@code GET cluster}. */
    @SuppressWarnings("unchecked")
    static int fewestShardsOnline(io.quarry.storage.validator.ValidatorRuntime runtime) {
        var files = (List<Map<String, Object>>) runtime.clusterView().get("redundancy");
        return files.stream().filter(f -> (int) f.get("stripes") > 0).mapToInt(f -> (int) f.get("fewestShardsOnline"))
                .min().orElseThrow();
    }

    /** Whether every shard of every stripe is on the miner {@code placement} names for it. */
    static boolean fullyRedundant(List<Manifest> manifests, CrushPlacement placement, Map<String, StorageMinerPlugin> plugins) {
        for (Manifest manifest : manifests) {
            for (StripeRef stripe : manifest.stripes()) {
                List<MapMiner> miners = placement.minersOf(stripe.pg());
                for (int i = 0; i < stripe.shards().size(); i++) {
                    StorageMinerPlugin holder = plugins.get(miners.get(i).nodeId());
                    if (holder == null || !holder.minerService().orElseThrow().shards().contains(new ShardId(stripe.shards().get(i)))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
