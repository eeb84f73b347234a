package io.quarry.randomx.hashing;

import static io.quarry.randomx.hashing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Pointer;
import io.quarry.natives.RandomX;
import io.quarry.natives.RandomXFlags;
import org.junit.jupiter.api.Test;

/**
 * Re-keying in light mode gives the new key's hashes, for verification VMs and for miner VMs that live across
 * the re-key. Fast mode is covered by {@link FastModeTest}.
 */
class RekeyTest {

    /** A one-nonce job whose blob is exactly "sed do eiusmod ..." (its bytes 39..42 read as the nonce). */
    static HashJob sedDoJob(String id, byte[] seed) {
        return new HashJob(id, Vectors.SED_DO, -1L, seed, 0);
    }

    static NonceRange sedDoNonce() {
        long nonce = BlobNonce.read(Vectors.SED_DO);
        return new NonceRange(nonce, nonce + 1);
    }

    @Test
    void verificationFollowsTheKeyBackAndForth() {
        try (RandomXEngine engine = Engines.light(1)) {
            engine.setSeed(Vectors.KEY_000);
            assertThat(hex(engine.hash(Vectors.SED_DO))).isEqualTo(Vectors.HASH_C);
            engine.setSeed(Vectors.KEY_001);
            assertThat(hex(engine.hash(Vectors.SED_DO))).isEqualTo(Vectors.HASH_D);
            assertThat(hex(engine.hash(Vectors.MONERO_BLOB))).isEqualTo(Vectors.HASH_E);
            engine.setSeed(Vectors.KEY_000);
            assertThat(hex(engine.hash(Vectors.SED_DO))).isEqualTo(Vectors.HASH_C);
            assertThat(engine.isSeed(Vectors.KEY_000)).isTrue();
        }
    }

    @Test
    void minerVmsArePointedAtTheNewCacheWhenAJobBringsANewSeed() throws Exception {
        CandidateQueue found = new CandidateQueue();
        try (RandomXEngine engine = Engines.light(1);
             MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(1), found)) {
            miners.start();
            // The miners re-key the engine themselves when a job's seed is not the key.
            miners.setJob(sedDoJob("k0", Vectors.KEY_000), sedDoNonce());
            assertThat(found.takeFor("k0").hashHex()).isEqualTo(Vectors.HASH_C);
            miners.setJob(sedDoJob("k1", Vectors.KEY_001), sedDoNonce());
            assertThat(found.takeFor("k1").hashHex()).isEqualTo(Vectors.HASH_D);
            miners.setJob(sedDoJob("k0-again", Vectors.KEY_000), sedDoNonce());
            assertThat(found.takeFor("k0-again").hashHex()).isEqualTo(Vectors.HASH_C);
            assertThat(found.threads).hasSize(1).as("one miner thread served all three keys");
        }
    }

    /**
     * The control that shows the tests above can fail: a JIT light VM re-used after its cache was re-keyed
     * without randomx_vm_set_cache still runs SuperscalarHash compiled from the old key.
     */
    @Test
    void vmNotPointedAtTheRekeyedCacheHashesWrong() {
        RandomX rx = RandomX.load();
        int flags = rx.recommendedFlags();
        assumeTrue((flags & RandomXFlags.JIT) != 0, "only JIT light VMs keep per-key compiled code");
        Pointer cache = rx.allocCache(flags);
        rx.initCache(cache, Vectors.KEY_000);
        Pointer vm = rx.createVm(flags, cache, null);
        try {
            rx.initCache(cache, Vectors.KEY_001);
            assertThat(hex(rx.calculateHash(vm, Vectors.SED_DO))).isNotEqualTo(Vectors.HASH_D);
            rx.vmSetCache(vm, cache);
            assertThat(hex(rx.calculateHash(vm, Vectors.SED_DO))).isEqualTo(Vectors.HASH_D);
        } finally {
            rx.destroyVm(vm);
            rx.releaseCache(cache);
        }
    }
}
