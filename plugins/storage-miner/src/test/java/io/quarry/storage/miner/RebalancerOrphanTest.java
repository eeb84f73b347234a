package io.quarry.storage.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.TestKeys;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.store.StorageLimits;
import io.quarry.storage.wire.MinerControl;
import io.quarry.storage.wire.StripeRef;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.storage.wire.ValidatorReply;
import io.quarry.storage.wire.WireClusterMap;
import io.quarry.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orphans (shards no stripe of this miner's placement groups names) are deleted only after the 1-hour grace. */
class RebalancerOrphanTest {

    @TempDir
    Path dir;

    /** A validator that answers QueryPgFilesBatch with {@code stripes}; nothing else is used here. */
    static final class FakeValidator extends StubTransport {
        final List<StripeRef> stripes = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public <Q, R> CompletableFuture<R> request(PeerAddress peer, Protocol<Q, R> protocol, Q request) {
            if (request instanceof ValidatorControl.QueryPgFilesBatch query) {
                List<StripeRef> page = stripes.stream().filter(s -> query.pgs().contains(s.pg())).toList();
                return CompletableFuture.completedFuture((R) new ValidatorReply.PgFiles(1, page, -1));
            }
            return CompletableFuture.failedFuture(new TransportException("not served: " + request));
        }
    }

    @Test
    void orphansGoAfterTheGracePeriodAndWantedShardsStay() throws Exception {
        TestKeys validator = TestKeys.generate();
        TestKeys me = TestKeys.generate();
        TestKeys peer = TestKeys.generate();
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        FakeValidator transport = new FakeValidator();
        ShardStore store = ShardStore.open(dir, 0, 10, 1 << 20);
        StorageMetrics metrics = new StorageMetrics(new SimpleMeterRegistry());
        MinerService miner = new MinerService(store, validator.nodeId(), MinerLimits.of(2, 2, 2, 1), transport, metrics);
        miner.control(validator.nodeId(), new MinerControl.ClusterMapUpdate(new WireClusterMap(1, 4, 1, 1, List.of(
                new WireClusterMap.Miner(me.nodeId(), "a", 1, "127.0.0.1", 1),
                new WireClusterMap.Miner(peer.nodeId(), "b", 1, "127.0.0.1", 2))), List.of()));
        int myIndex = miner.placement().orElseThrow().pgsOf(me.nodeId()).get(0).get(0);

        ShardId wanted = store.put(new byte[] {1, 2, 3}).id();
        ShardId orphan = store.put(new byte[] {4, 5, 6}).id();
        List<String> shards = new ArrayList<>(List.of("f".repeat(64), "f".repeat(64)));
        shards.set(myIndex, wanted.hex());
        transport.stripes.add(new StripeRef("e".repeat(64), 0, 0, 3, shards));

        Rebalancer rebalancer = new Rebalancer(me.nodeId(), new PeerAddress(validator.nodeId(), "127.0.0.1", 9),
                transport, miner, 3, clock, metrics);
        assertThat(rebalancer.run().collected()).isZero();
        clock.advance(Duration.ofSeconds(StorageLimits.ORPHAN_GRACE_PERIOD_SECS - 1));
        assertThat(rebalancer.run().collected()).isZero();
        assertThat(store.contains(orphan)).isTrue();
        clock.advance(Duration.ofSeconds(2));
        Rebalancer.Pass pass = rebalancer.run();
        assertThat(pass.collected()).isOne();
        assertThat(pass.stripes()).isOne();
        assertThat(store.contains(orphan)).isFalse();
        assertThat(store.contains(wanted)).isTrue();
    }

    /**
     * A miner that holds every shard of a stripe (a one-miner colocating map, as on the dev node) wants all of them:
     * none is an orphan after the grace period, and only the shard no stripe names goes.
     */
    @Test
    void aColocatingMinerKeepsEveryShardItHoldsPastTheGracePeriod() throws Exception {
        TestKeys validator = TestKeys.generate();
        TestKeys me = TestKeys.generate();
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        FakeValidator transport = new FakeValidator();
        ShardStore store = ShardStore.open(dir, 0, 100, 1 << 20);
        StorageMetrics metrics = new StorageMetrics(new SimpleMeterRegistry());
        MinerService miner = new MinerService(store, validator.nodeId(), MinerLimits.of(2, 2, 2, 1), transport, metrics);
        miner.control(validator.nodeId(), new MinerControl.ClusterMapUpdate(new WireClusterMap(1, 4, 4, 2, List.of(
                new WireClusterMap.Miner(me.nodeId(), "dev", 1, "127.0.0.1", 1)), true), List.of()));
        assertThat(miner.placement().orElseThrow().pgsOf(me.nodeId()))
                .hasSize(4).allSatisfy((pg, indexes) -> assertThat(indexes).containsExactly(0, 1, 2, 3, 4, 5));

        List<ShardId> held = new ArrayList<>();
        for (int stripe = 0; stripe < 4; stripe++) {
            List<String> shards = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ShardId id = store.put(new byte[] {(byte) stripe, (byte) i, 7}).id();
                held.add(id);
                shards.add(id.hex());
            }
            transport.stripes.add(new StripeRef("e".repeat(64), stripe, stripe, 3, shards));
        }
        ShardId orphan = store.put(new byte[] {9, 9, 9}).id();

        Rebalancer rebalancer = new Rebalancer(me.nodeId(), new PeerAddress(validator.nodeId(), "127.0.0.1", 9),
                transport, miner, 3, clock, metrics);
        assertThat(rebalancer.run().collected()).isZero();
        clock.advance(Duration.ofSeconds(StorageLimits.ORPHAN_GRACE_PERIOD_SECS + 1));
        Rebalancer.Pass pass = rebalancer.run();
        assertThat(pass.stripes()).isEqualTo(4);
        assertThat(pass.missing()).isZero();
        assertThat(pass.collected()).isOne();
        assertThat(store.contains(orphan)).isFalse();
        assertThat(held).allSatisfy(id -> assertThat(store.contains(id)).as("shard %s", id).isTrue());
        assertThat(store.count()).isEqualTo(24);
    }
}
