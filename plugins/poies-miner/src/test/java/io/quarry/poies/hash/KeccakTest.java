package io.quarry.poies.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.Nonce;
import io.quarry.poies.model.ShareDigest;
import io.quarry.poies.model.TestTemplates;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.junit.jupiter.api.Test;

/** The scanner's own Keccak against BouncyCastle's, over random inputs of every length around the block edges. */
class KeccakTest {

    @Test
    void emptyInputMatchesTheKnownKeccak512Digest() {
        // Keccak-512("") from the Keccak team's reference (original padding), as published with the submission
        assertThat(HexFormat.of().formatHex(Keccak512.hash(new byte[0]))).isEqualTo(
                "0eab42de4c3ceb9235fc91acffe746b29c29a8c366b7c60e4e67c466f36a4304"
                        + "c00fa9caf9d87976ba469bcbe06713b435f091ef2769fb160cdab33d3670680e");
    }

    @Test
    void matchesBouncyCastleOverRandomInputsAndLengths() {
        Random random = new Random(512);
        for (int length = 0; length <= 4 * Keccak512.RATE + 3; length++) {
            for (int trial = 0; trial < 3; trial++) {
                byte[] input = new byte[length];
                random.nextBytes(input);
                assertThat(Keccak512.hash(input)).as("length %d", length).isEqualTo(reference(input));
            }
        }
        for (int trial = 0; trial < 50; trial++) {
            byte[] input = new byte[random.nextInt(5000)];
            random.nextBytes(input);
            assertThat(Keccak512.hash(input)).isEqualTo(reference(input));
        }
    }

    @Test
    void incrementalUpdatesInAnySplitsAgree() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            byte[] input = new byte[random.nextInt(600)];
            random.nextBytes(input);
            Keccak512 hash = new Keccak512();
            int at = 0;
            while (at < input.length) {
                int take = Math.min(input.length - at, random.nextInt(150));
                hash.update(input, at, take);
                at += take;
            }
            assertThat(hash.digest()).isEqualTo(reference(input));
        }
    }

    @Test
    void copiedMidstateFinishesLikeAFreshHash() {
        byte[] prefix = new byte[3 * Keccak512.RATE + 5];
        new Random(1).nextBytes(prefix);
        Keccak512 mid = new Keccak512().update(prefix, 0, prefix.length);
        for (int tail = 0; tail < 100; tail++) {
            byte[] suffix = new byte[tail];
            new Random(tail).nextBytes(suffix);
            byte[] whole = new byte[prefix.length + tail];
            System.arraycopy(prefix, 0, whole, 0, prefix.length);
            System.arraycopy(suffix, 0, whole, prefix.length, tail);
            assertThat(mid.copy().update(suffix, 0, tail).digest()).isEqualTo(reference(whole));
        }
    }

    @Test
    void thePermutationIsTheOneSha3Uses() {
        // same permutation, SHA3 padding (06 instead of 01): checks KeccakF1600 independently of Keccak512
        byte[] input = new byte[100];
        new Random(3).nextBytes(input);
        long[] state = new long[25];
        byte[] block = new byte[Keccak512.RATE];
        System.arraycopy(input, 0, block, 0, Keccak512.RATE);
        absorb(state, block);
        block = new byte[Keccak512.RATE];
        System.arraycopy(input, Keccak512.RATE, block, 0, input.length - Keccak512.RATE);
        block[input.length - Keccak512.RATE] = 0x06;
        block[Keccak512.RATE - 1] |= (byte) 0x80;
        absorb(state, block);
        byte[] out = new byte[64];
        for (int i = 0; i < 64; i++) {
            out[i] = (byte) (state[i / 8] >>> (8 * (i % 8)));
        }
        SHA3Digest sha3 = new SHA3Digest(512);
        sha3.update(input, 0, input.length);
        byte[] expected = new byte[64];
        sha3.doFinal(expected, 0);
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void nonceHasherGivesTheReferenceShareDigest() {
        Random random = new Random(99);
        for (int coinbase = 1; coinbase <= 90; coinbase += 7) {
            HeaderTemplate template = withCoinbase("q".repeat(coinbase));
            NonceHasher hasher = new NonceHasher(template);
            for (int trial = 0; trial < 5; trial++) {
                long nonce = trial == 0 ? -1L : trial == 1 ? 0 : random.nextLong();
                byte[] expected = ShareDigest.compute(template, nonce).toArray();
                long top = hasher.hashTop64(nonce);
                assertThat(hasher.lastDigest()).as("nonce %s", Nonce.toHex(nonce)).isEqualTo(expected);
                assertThat(top).isEqualTo(java.nio.ByteBuffer.wrap(expected).getLong());
                assertThat(hasher.copy().digest(nonce)).isEqualTo(expected);
            }
        }
    }

    @Test
    void nonceHasherRefusesAnUnalignedHeader() {
        assertThatThrownBy(() -> new NonceHasher(new byte[73], TestTemplates.bytes32(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("73");
    }

    @Test
    void aFinishedHashRefusesMoreInput() {
        Keccak512 hash = new Keccak512();
        hash.digest();
        assertThatThrownBy(hash::digest).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> hash.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    private static HeaderTemplate withCoinbase(String coinbase) {
        HeaderTemplate x = TestTemplates.template();
        return new HeaderTemplate(x.chainId(), x.height(), x.parentHash(), x.stateRoot(), x.txsRoot(), x.proofsRoot(),
                x.daRoot(), x.params(), x.policyRoots(), x.nonceDomain(), x.time(), coinbase, x.extra());
    }

    private static void absorb(long[] state, byte[] block) {
        for (int lane = 0; lane < Keccak512.RATE / 8; lane++) {
            state[lane] ^= Keccak512.littleEndian(block, 8 * lane);
        }
        KeccakF1600.permute(state);
    }

    private static byte[] reference(byte[] input) {
        KeccakDigest digest = new KeccakDigest(512);
        digest.update(input, 0, input.length);
        byte[] out = new byte[64];
        digest.doFinal(out, 0);
        return out;
    }
}
