package io.quarry.poies.hash;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.CanonicalHeader;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ShareDigest;

/**
 * Share digests of one template, nonce after nonce, at one Keccak-f[1600] permutation each. The canonical header
 * is a whole number of 72-byte blocks ({@link CanonicalHeader}), so it is absorbed once into a midstate; the final
 * block is then always {@code nonce (8) || mixSeed (32) || 01 00 .. 00 80}, in which only the first lane changes
 * from nonce to nonce. That block's constant lanes are folded into the midstate too, so a nonce costs: copy 25
 * lanes, XOR one, permute.
 *
 * <p>Not thread-safe: each scanning thread has its own (they share nothing but the immutable midstate).
 */
public final class NonceHasher {

    private final long[] midstate;
    private final long[] lanes = new long[KeccakF1600.LANES];

    /** A hasher for {@code template}. */
    public NonceHasher(HeaderTemplate template) {
        this(CanonicalHeader.encode(template), template.mixSeed());
    }

    /**
     * A hasher for an encoded header (a multiple of 72 bytes long) and a 32-byte mix seed.
     *
     * @throws IllegalArgumentException when the lengths are not those
     */
    public NonceHasher(byte[] canonicalHeader, Bytes mixSeed) {
        if (canonicalHeader.length % Keccak512.RATE != 0 || mixSeed.length() != 32) {
            throw new IllegalArgumentException("need a header of whole 72-byte blocks and a 32-byte seed, have "
                    + canonicalHeader.length + " and " + mixSeed.length() + " bytes");
        }
        Keccak512 prefix = new Keccak512().update(canonicalHeader, 0, canonicalHeader.length);
        long[] state = prefix.lanes();
        byte[] seed = mixSeed.toArray();
        for (int lane = 0; lane < 4; lane++) {
            state[1 + lane] ^= Keccak512.littleEndian(seed, 8 * lane); // bytes 8..39 of the final block
        }
        state[5] ^= 0x01L; // padding starts at byte 40
        state[8] ^= 0x80L << 56; // and ends at byte 71, the last of the rate
        this.midstate = state;
    }

    private NonceHasher(long[] midstate) {
        this.midstate = midstate;
    }

    /** The midstate lanes (the header absorbed, the final block's constant lanes folded in); do not modify. */
    long[] midstate() {
        return midstate;
    }

    /** Another hasher on the same midstate, for another thread. */
    public NonceHasher copy() {
        return new NonceHasher(midstate);
    }

    /**
     * Hashes {@code nonce} and returns the top 64 bits of u (digest bytes 0..7 as an unsigned big-endian long).
     * The full digest of the same nonce is then available from {@link #lastDigest()}.
     */
    public long hashTop64(long nonce) {
        long[] state = lanes;
        System.arraycopy(midstate, 0, state, 0, KeccakF1600.LANES);
        state[0] ^= Long.reverseBytes(nonce); // the nonce is big-endian bytes 0..7; lanes read little-endian
        KeccakF1600.permute(state);
        return Long.reverseBytes(state[0]);
    }

    /** The 64-byte digest of the nonce last passed to {@link #hashTop64}. */
    public byte[] lastDigest() {
        byte[] out = new byte[ShareDigest.LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (lanes[i >>> 3] >>> (8 * (i & 7)));
        }
        return out;
    }

    /** The 64-byte digest of {@code nonce}. */
    public byte[] digest(long nonce) {
        hashTop64(nonce);
        return lastDigest();
    }
}
