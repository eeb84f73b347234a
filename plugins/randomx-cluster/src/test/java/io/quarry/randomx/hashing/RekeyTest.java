package io.quarry.randomx.hashing;

import static io.quarry.randomx.hashing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Pointer;
import io.quarry.natives.RandomX;
import io.quarry.natives.RandomXFlags;
import io.quarry.randomx.job.MoneroJob;
import org.junit.jupiter.api.Test;

/**
 * Re-keying in light mode gives the new key's hashes, for verification VMs and for miner VMs that live across
 * the re-key. Fast mode is covered by {@link FastModeTest}.
 */
class RekeyTest {

    /** A one-nonce job: the published Monero blob (nonce 0) under a 32-byte seed. */
    static MoneroJob moneroBlobJob(String id, byte[] seed) {
        return new MoneroJob(id, Vectors.MONERO_BLOB, -1L, seed, 0, MoneroJob.ALGO_RX0, -1, false);
    }

    static final NonceRange NONCE_ZERO = new NonceRange(0, 1);

    /** The hash of the Monero blob under {@code seed} from a light engine of its own. */
    static String expected(RandomXEngine oracle, byte[] seed) {
        oracle.setSeed(seed);
        return hex(oracle.hash(Vectors.MONERO_BLOB));
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
        String hashA;
        String hashB;
        // The oracle re-keys too; verificationFollowsTheKeyBackAndForth shows its verification VMs follow.
        try (RandomXEngine oracle = Engines.light(1)) {
            hashA = expected(oracle, Vectors.SEED_32);
            hashB = expected(oracle, Vectors.SEED_32_B);
        }
        assertThat(hashA).isNotEqualTo(hashB);
        CandidateQueue found = new CandidateQueue();
        try (RandomXEngine engine = Engines.light(1);
             MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(1), found)) {
            miners.start();
            // The miners re-key the engine themselves when a job's seed is not the key.
            miners.setJob(moneroBlobJob("k0", Vectors.SEED_32), NONCE_ZERO);
            assertThat(hex(found.takeFor("k0").hash())).isEqualTo(hashA);
            miners.setJob(moneroBlobJob("k1", Vectors.SEED_32_B), NONCE_ZERO);
            assertThat(hex(found.takeFor("k1").hash())).isEqualTo(hashB);
            miners.setJob(moneroBlobJob("k0-again", Vectors.SEED_32), NONCE_ZERO);
            assertThat(hex(found.takeFor("k0-again").hash())).isEqualTo(hashA);
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
