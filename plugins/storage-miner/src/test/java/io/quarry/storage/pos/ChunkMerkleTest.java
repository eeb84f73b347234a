package io.quarry.storage.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.storage.store.ShardId;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.wire.MinerControl.PosChallenge;
import io.quarry.storage.wire.MinerReply;
import io.quarry.storage.wire.PosProof;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkMerkleTest {

    @TempDir
    Path dir;

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] nonce(long seed) {
        return random(32, seed);
    }

    @Test
    void everyChunkPathLeadsToTheRootForOddSizes() {
        for (int size : new int[] {0, 1, 1024, 1025, 5 * 1024 + 3, 209_716}) {
            byte[] shard = random(size, size);
            ChunkMerkle tree = ChunkMerkle.build(shard);
            assertThat(tree.chunkCount()).isEqualTo(Math.max(1, (size + 1023) / 1024));
            for (int i = 0; i < tree.chunkCount(); i += Math.max(1, tree.chunkCount() / 7)) {
                byte[] leaf = ChunkMerkle.leafHash(i, ChunkMerkle.chunk(shard, i));
                assertThat(ChunkMerkle.rootFromPath(i, leaf, tree.path(i))).isEqualTo(tree.root());
            }
        }
    }

    @Test
    void honestMinerPassesAndCorruptOrForgedProofsFail() throws Exception {
        ShardStore store = ShardStore.open(dir, 0, 10, 1 << 20);
        byte[] shard = random(50_000, 1);
        ShardId id = store.put(shard).id();
        byte[] root = ChunkMerkle.build(shard).root();
        PosChallenge challenge = new PosChallenge(id.hex(), List.of(0, 17, 48), nonce(2), root);
        PosProver prover = new PosProver(store);

        MinerReply reply = prover.answer(challenge);
        assertThat(reply).isInstanceOf(MinerReply.Proof.class);
        PosProof proof = ((MinerReply.Proof) reply).proof();
        assertThat(PosVerifier.refusal(challenge, proof)).isNull();

        // The same proof does not answer a challenge with another nonce.
        PosChallenge other = new PosChallenge(id.hex(), List.of(0, 17, 48), nonce(3), root);
        assertThat(PosVerifier.refusal(other, proof)).contains("nonce");

        // A tampered chunk does not lead to the root.
        List<byte[]> chunks = new ArrayList<>(proof.chunks());
        byte[] bad = chunks.get(1).clone();
        bad[5] ^= 1;
        chunks.set(1, bad);
        PosProof tampered = new PosProof(1, proof.hash(), proof.root(), proof.chunkCount(), chunks, proof.paths(), proof.binding());
        assertThat(PosVerifier.refusal(challenge, tampered)).contains("does not lead to the root");

        PosProof future = new PosProof(2, proof.hash(), proof.root(), proof.chunkCount(), proof.chunks(), proof.paths(), proof.binding());
        assertThat(PosVerifier.refusal(challenge, future)).contains("version 2");

        // Corrupt the shard on disk: the miner can no longer answer.
        Path file = dir.resolve("shards").resolve(id.hex().substring(0, 2)).resolve(id.hex());
        byte[] onDisk = Files.readAllBytes(file);
        onDisk[100] ^= 1;
        Files.write(file, onDisk);
        assertThat(prover.answer(challenge)).isInstanceOfSatisfying(MinerReply.Refused.class,
                r -> assertThat(r.code()).isEqualTo("CORRUPT"));
    }

    @Test
    void malformedChallengesAreRefusedWithReasons() throws Exception {
        ShardStore store = ShardStore.open(dir, 0, 10, 1 << 20);
        byte[] shard = random(3000, 4);
        ShardId id = store.put(shard).id();
        byte[] root = ChunkMerkle.build(shard).root();
        PosProver prover = new PosProver(store);
        assertThat(prover.answer(new PosChallenge(id.hex(), List.of(3), nonce(1), root)))
                .isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.reason()).contains("past the shard"));
        assertThat(prover.answer(new PosChallenge(id.hex(), List.of(), nonce(1), root)))
                .isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("BAD_REQUEST"));
        assertThat(prover.answer(new PosChallenge("zz", List.of(0), nonce(1), root)))
                .isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("BAD_REQUEST"));
        assertThat(prover.answer(new PosChallenge(id.hex(), List.of(0), new byte[3], root)))
                .isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.reason()).contains("nonce"));
        assertThat(prover.answer(new PosChallenge(id.hex(), List.of(0), nonce(1), new byte[32])))
                .isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("ROOT_MISMATCH"));
        assertThat(prover.answer(new PosChallenge(ShardId.of(new byte[] {1}).hex(), List.of(0), nonce(1), root)))
                .isInstanceOfSatisfying(MinerReply.Refused.class, r -> assertThat(r.code()).isEqualTo("NOT_FOUND"));
    }
}
