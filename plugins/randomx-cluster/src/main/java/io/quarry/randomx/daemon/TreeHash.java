package io.quarry.randomx.daemon;

import java.util.List;

/**
 * Monero's transaction tree hash ({@code crypto/tree-hash.c}): the root over the miner transaction's hash and
 * the other transactions' hashes that goes into the hashing blob. Not a plain binary Merkle tree: with
 * {@code n} hashes and {@code cnt} the largest power of two below {@code n}, the first {@code 2*cnt - n}
 * hashes pass up unpaired and the rest are paired, then halved until two remain.
 */
final class TreeHash {

    private TreeHash() {
    }

    static byte[] root(List<byte[]> hashes) {
        int count = hashes.size();
        if (count == 0) {
            throw new IllegalArgumentException("a tree hash needs at least one hash");
        }
        if (count == 1) {
            return hashes.get(0).clone();
        }
        if (count == 2) {
            return pair(hashes.get(0), hashes.get(1));
        }
        int cnt = Integer.highestOneBit(count - 1);
        byte[][] ints = new byte[cnt][];
        int direct = 2 * cnt - count;
        for (int i = 0; i < direct; i++) {
            ints[i] = hashes.get(i);
        }
        for (int i = direct, j = direct; j < cnt; i += 2, j++) {
            ints[j] = pair(hashes.get(i), hashes.get(i + 1));
        }
        while (cnt > 2) {
            cnt >>= 1;
            for (int i = 0, j = 0; j < cnt; i += 2, j++) {
                ints[j] = pair(ints[i], ints[i + 1]);
            }
        }
        return pair(ints[0], ints[1]);
    }

    private static byte[] pair(byte[] left, byte[] right) {
        byte[] both = new byte[64];
        System.arraycopy(left, 0, both, 0, 32);
        System.arraycopy(right, 0, both, 32, 32);
        return Keccak.hash256(both);
    }
}
