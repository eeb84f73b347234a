package io.quarry.storage.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.TestKeys;
import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.pos.ChunkMerkle;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.store.StorageLimits;
import io.quarry.storage.wire.FetchBlob;
import io.quarry.storage.wire.MinerControl;
import io.quarry.storage.wire.MinerReply;
import io.quarry.storage.wire.PeerRef;
import io.quarry.storage.wire.StoreHeader;
import io.quarry.storage.wire.WireClusterMap;
import io.quarry.testing.HostileInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The miner's request handling in memory: authorization, refusals with reasons and counters, hostile input. */
class MinerServiceTest {

    @TempDir
    Path dir;

    final TestKeys validator = TestKeys.generate();
    final TestKeys stranger = TestKeys.generate();
    final TestKeys warden = TestKeys.generate();
    final StorageMetrics metrics = new StorageMetrics(new SimpleMeterRegistry());
    ShardStore store;
    MinerService miner;

    @BeforeEach
    void setUp() {
        store = ShardStore.open(dir, 1_000_000, 100, 1 << 20);
        miner = new MinerService(store, validator.nodeId(), MinerLimits.of(4, 2, 8, 1), null, metrics);
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    MinerReply push(TestKeys signer, byte[] data) {
        String hash = ShardId.of(data).hex();
        return miner.store(validator.nodeId(), new StoreHeader(hash, data.length, signer.sign(CommandSignatures.upload(hash))),
                new ByteArrayInputStream(data));
    }

    @Test
    void storesSignedPushesAndServesThemByRange() throws IOException {
        byte[] data = random(10_000, 1);
        assertThat(push(validator, data)).isEqualTo(new MinerReply.Ok("stored"));
        assertThat(push(validator, data)).isEqualTo(new MinerReply.Ok("already stored"));
        String hash = ShardId.of(data).hex();
        assertThat(miner.fetch(stranger.nodeId(), new FetchBlob(hash, 0, 0)).readAllBytes()).isEqualTo(data);
        assertThat(miner.fetch(stranger.nodeId(), new FetchBlob(hash, 9_990, 100)).readAllBytes()).hasSize(10);
        assertThat(metrics.count("quarry.storage.bytes", "direction", "in")).isEqualTo(10_000);
    }

    @Test
    void refusesForgedSignaturesAndCountsThem() {
        assertThat(push(stranger, random(100, 2))).isInstanceOfSatisfying(MinerReply.Refused.class,
                r -> assertThat(r.code()).isEqualTo("BAD_SIGNATURE"));
        String hash = ShardId.of(random(100, 2)).hex();
        // A validator signature over another command for the same hash is not an upload signature.
        MinerReply replayed = miner.store(validator.nodeId(), new StoreHeader(hash, 100,
                validator.sign(CommandSignatures.delete(hash))), new ByteArrayInputStream(random(100, 2)));
        assertThat(replayed).isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("BAD_SIGNATURE"));
        assertThat(metrics.count("quarry.storage.refused", "op", "store", "code", "BAD_SIGNATURE")).isEqualTo(2);
        assertThat(store.count()).isZero();
    }

    @Test
    void refusesOversizeAndFullStoresWithReasons() {
        String hash = ShardId.of(new byte[1]).hex();
        MinerReply oversize = miner.store(validator.nodeId(), new StoreHeader(hash, StorageLimits.MAX_FETCH_RESPONSE_SIZE + 1L,
                validator.sign(CommandSignatures.upload(hash))), new ByteArrayInputStream(new byte[0]));
        assertThat(oversize).isInstanceOfSatisfying(MinerReply.Refused.class, r -> {
            assertThat(r.code()).isEqualTo("OVERSIZE");
            assertThat(r.reason()).contains("at most 4194304");
        });
        assertThat(push(validator, random(600_000, 3))).isInstanceOf(MinerReply.Ok.class);
        assertThat(push(validator, random(600_000, 4))).isInstanceOfSatisfying(MinerReply.Refused.class, r -> {
            assertThat(r.code()).isEqualTo("FULL");
            assertThat(r.reason()).contains("storage full");
        });
        assertThat(metrics.count("quarry.storage.refused", "op", "store", "code", "FULL")).isOne();
        assertThat(metrics.count("quarry.storage.refused", "op", "store", "code", "OVERSIZE")).isOne();
    }

    @Test
    void deleteNeedsTheValidatorsSignature() {
        byte[] data = random(500, 5);
        push(validator, data);
        String hash = ShardId.of(data).hex();
        assertThat(miner.control(validator.nodeId(), new MinerControl.Delete(hash, stranger.sign(CommandSignatures.delete(hash)))))
                .isInstanceOf(MinerReply.Refused.class);
        assertThat(store.count()).isOne();
        assertThat(miner.control(validator.nodeId(), new MinerControl.Delete(hash, validator.sign(CommandSignatures.delete(hash)))))
                .isEqualTo(new MinerReply.Ok("deleted"));
        assertThat(store.count()).isZero();
    }

    @Test
    void anotherNodeCannotReplayTheValidatorsSignedStoreDeleteOrPull() {
        byte[] data = random(500, 15);
        push(validator, data);
        String hash = ShardId.of(data).hex();
        // A genuine validator signature, replayed by a node that is not the validator, is refused.
        MinerReply delete = miner.control(stranger.nodeId(),
                new MinerControl.Delete(hash, validator.sign(CommandSignatures.delete(hash))));
        assertThat(delete).isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("FORBIDDEN"));
        assertThat(store.count()).isOne();
        String other = ShardId.of(random(500, 16)).hex();
        MinerReply pull = miner.control(stranger.nodeId(), new MinerControl.PullFromPeer(other, 500,
                List.of(new PeerRef(stranger.nodeId(), "127.0.0.1", 9)), validator.sign(CommandSignatures.pull(other))));
        assertThat(pull).isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("FORBIDDEN"));
        // A miner sees the validator's UPLOAD signatures of the shards pushed to it: replaying one, with the genuine
        // bytes, to another miner (to fill it with shards nobody placed there, or bring back a deleted one) is refused.
        byte[] shard = random(500, 17);
        String shardHash = ShardId.of(shard).hex();
        MinerReply store = miner.store(stranger.nodeId(), new StoreHeader(shardHash, shard.length,
                validator.sign(CommandSignatures.upload(shardHash))), new ByteArrayInputStream(shard));
        assertThat(store).isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("FORBIDDEN"));
        assertThat(store.toString()).contains("only the validator may send Store");
        assertThat(miner.shards().contains(new ShardId(shardHash))).isFalse();
        assertThat(metrics.count("quarry.storage.refused", "op", "delete", "code", "FORBIDDEN")).isOne();
        assertThat(metrics.count("quarry.storage.refused", "op", "pull", "code", "FORBIDDEN")).isOne();
        assertThat(metrics.count("quarry.storage.refused", "op", "store", "code", "FORBIDDEN")).isOne();
    }

    @Test
    void onlyTheValidatorAndItsWardensMayChallenge() {
        byte[] data = random(4000, 6);
        push(validator, data);
        MinerControl.PosChallenge challenge = new MinerControl.PosChallenge(ShardId.of(data).hex(), List.of(1, 2),
                random(32, 7), ChunkMerkle.build(data).root());
        assertThat(miner.control(stranger.nodeId(), challenge)).isInstanceOfSatisfying(MinerReply.Refused.class,
                r -> assertThat(r.code()).isEqualTo("FORBIDDEN"));
        assertThat(metrics.count("quarry.storage.challenges", "result", "forbidden")).isOne();
        assertThat(miner.control(validator.nodeId(), challenge)).isInstanceOf(MinerReply.Proof.class);
        assertThat(miner.control(warden.nodeId(), challenge)).isInstanceOf(MinerReply.Refused.class);

        WireClusterMap map = new WireClusterMap(1, 16, 1, 1, List.of(
                new WireClusterMap.Miner(stranger.nodeId(), "a", 1, "127.0.0.1", 1),
                new WireClusterMap.Miner(warden.nodeId(), "b", 1, "127.0.0.1", 2)));
        assertThat(miner.control(stranger.nodeId(), new MinerControl.ClusterMapUpdate(map, List.of(warden.nodeId()))))
                .isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("FORBIDDEN"));
        assertThat(miner.control(validator.nodeId(), new MinerControl.ClusterMapUpdate(map, List.of(warden.nodeId()))))
                .isEqualTo(new MinerReply.Ok("epoch 1"));
        assertThat(miner.control(warden.nodeId(), challenge)).isInstanceOf(MinerReply.Proof.class);
        assertThat(miner.placement()).hasValueSatisfying(p -> assertThat(p.map().epoch()).isOne());
    }

    @Test
    void refusesImpossibleAndStaleClusterMaps() {
        WireClusterMap oneFamily = new WireClusterMap(2, 16, 1, 1, List.of(
                new WireClusterMap.Miner(stranger.nodeId(), "a", 1, "127.0.0.1", 1)));
        assertThat(miner.control(validator.nodeId(), new MinerControl.ClusterMapUpdate(oneFamily, List.of())))
                .isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.reason()).contains("can hold only 1"));
        WireClusterMap good = new WireClusterMap(5, 16, 1, 1, List.of(
                new WireClusterMap.Miner(stranger.nodeId(), "a", 1, "127.0.0.1", 1),
                new WireClusterMap.Miner(warden.nodeId(), "b", 1, "127.0.0.1", 2)));
        miner.control(validator.nodeId(), new MinerControl.ClusterMapUpdate(good, List.of()));
        WireClusterMap older = new WireClusterMap(4, 16, 1, 1, good.miners());
        assertThat(miner.control(validator.nodeId(), new MinerControl.ClusterMapUpdate(older, List.of())))
                .isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("STALE_EPOCH"));
    }

    @Test
    void concurrentMapUpdatesNeverAdoptAnOlderEpochAfterANewerOne() throws Exception {
        List<WireClusterMap.Miner> miners = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            miners.add(new WireClusterMap.Miner(String.format("%064x", i), "f" + i % 8, 1, "127.0.0.1", 1000 + i));
        }
        int epochs = MinerService.MAX_HISTORY - 1;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int e = 1; e <= epochs; e++) {
                WireClusterMap map = new WireClusterMap(e, 256, 4, 2, miners);
                sent.add(pool.submit(() -> miner.control(validator.nodeId(), new MinerControl.ClusterMapUpdate(map, List.of()))));
            }
            for (var f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // Whatever the interleaving, every adopted map is newer than the one before it, and the newest is in place.
        List<Long> adopted = miner.history().stream().map(p -> p.map().epoch()).toList();
        assertThat(adopted).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        assertThat(miner.placement()).hasValueSatisfying(p -> assertThat(p.map().epoch()).isEqualTo(epochs));
    }

    @Test
    void fetchOfUnknownOrMalformedHashesFailsWithACode() {
        assertThatThrownBy(() -> miner.fetch(stranger.nodeId(), new FetchBlob(ShardId.of(new byte[] {9}).hex(), 0, 0)))
                .hasMessageStartingWith("NOT_FOUND");
        assertThatThrownBy(() -> miner.fetch(stranger.nodeId(), new FetchBlob("../x", 0, 0))).hasMessageStartingWith("BAD_REQUEST");
        assertThatThrownBy(() -> miner.fetch(stranger.nodeId(), new FetchBlob(ShardId.of(new byte[] {9}).hex(), -1, 0)))
                .hasMessageStartingWith("BAD_REQUEST");
    }

    @Test
    void hostileControlMessagesAreRefusedWithoutHarm() throws IOException {
        ObjectMapper cbor = CBORMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        byte[] data = random(2000, 8);
        push(validator, data);
        String hash = ShardId.of(data).hex();
        List<byte[]> samples = new ArrayList<>();
        samples.add(cbor.writerFor(MinerControl.class).writeValueAsBytes(new MinerControl.Delete(hash, new byte[64])));
        samples.add(cbor.writerFor(MinerControl.class).writeValueAsBytes(new MinerControl.PullFromPeer(hash, 2000,
                List.of(new PeerRef(stranger.nodeId(), "127.0.0.1", 9)), new byte[64])));
        samples.add(cbor.writerFor(MinerControl.class).writeValueAsBytes(new MinerControl.PosChallenge(hash, List.of(0, 1),
                new byte[32], new byte[32])));
        samples.add(cbor.writerFor(MinerControl.class).writeValueAsBytes(new MinerControl.ClusterMapUpdate(
                new WireClusterMap(1, 4, 1, 1, List.of()), List.of("x"))));
        int decoded = 0;
        for (int i = 0; i < HostileInput.cases(500); i++) {
            HostileInput input = HostileInput.forCase(i);
            byte[] bytes = input.nextInt(4) == 0 ? input.noise(300) : input.mutate(samples);
            MinerControl message;
            try {
                message = cbor.readValue(bytes, MinerControl.class);
            } catch (IOException | RuntimeException undecodable) {
                continue;
            }
            decoded++;
            String peer = input.oneOf(stranger.nodeId(), warden.nodeId());
            // Nothing hostile gets past authorization: every answer is a refusal, and the shard is still there.
            assertThat(miner.control(peer, message)).as("case %d", i).isInstanceOf(MinerReply.Refused.class);
        }
        assertThat(decoded).isPositive();
        assertThat(store.readFromDisk(new ShardId(hash))).contains(data);
    }
}
