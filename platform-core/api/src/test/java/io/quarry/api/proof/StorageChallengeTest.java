package io.quarry.api.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorageChallengeTest {

    private static final byte[] SEED = new byte[32];
    private static final byte[] ROOT = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            SEED[i] = (byte) i;
            ROOT[i] = (byte) (255 - i);
        }
    }

    @Test
    void sampleIndexFollowsTheDocumentedDerivation() throws Exception {
        StorageChallenge challenge = new StorageChallenge(SEED, 4);
        MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
        sha3.update("quarry:storage-proof:sample:v1".getBytes());
        sha3.update(SEED);
        sha3.update(ROOT);
        sha3.update(new byte[] {0, 0, 0, 2});
        byte[] digest = sha3.digest();
        long expected = 0;
        for (int b = 0; b < 8; b++) {
            expected = (expected << 8) | (digest[b] & 0xff);
        }
        assertThat(challenge.sampleIndex(ROOT, 2, 1L << 20)).isEqualTo(expected & ((1L << 20) - 1));
    }

    @Test
    void indicesSpreadOverTheTreeAndDependOnTheRoot() {
        StorageChallenge challenge = new StorageChallenge(SEED, 64);
        Set<Long> indices = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            long index = challenge.sampleIndex(ROOT, i, 1L << 30);
            assertThat(index).isBetween(0L, (1L << 30) - 1);
            indices.add(index);
        }
        assertThat(indices).hasSize(64);
        assertThat(challenge.sampleIndex(new byte[32], 0, 1L << 30)).isNotEqualTo(challenge.sampleIndex(ROOT, 0, 1L << 30));
    }

    @Test
    void refusesBadShapes() {
        assertThatThrownBy(() -> new StorageChallenge(new byte[31], 1)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new StorageChallenge(SEED, 0)).hasMessageContaining("samples");
        StorageChallenge challenge = new StorageChallenge(SEED, 2);
        assertThatThrownBy(() -> challenge.sampleIndex(ROOT, 0, 3)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> challenge.sampleIndex(ROOT, 2, 4)).hasMessageContaining("outside [0, 2)");
        assertThatThrownBy(() -> new StorageProof("x", new byte[32], 6, 1, List.of())).hasMessageContaining("power of two");
    }

    @Test
    void recordsKeepTheirOwnCopies() {
        byte[] seed = SEED.clone();
        StorageChallenge challenge = new StorageChallenge(seed, 1);
        seed[0] = 99;
        challenge.seed()[1] = 99;
        assertThat(challenge.seed()).isEqualTo(SEED);
    }

    @Test
    void leafAndNodeHashesAreDomainSeparated() {
        byte[] a = new byte[32];
        assertThat(StorageProof.leafHash(0, new byte[64])).isNotEqualTo(StorageProof.nodeHash(a, a));
        assertThat(StorageProof.leafHash(0, new byte[8])).isNotEqualTo(StorageProof.leafHash(1, new byte[8]));
    }
}
