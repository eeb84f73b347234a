package io.quarry.poies.hash;

import java.util.Arrays;
import java.util.Objects;

/**
 * Keccak-512 (rate 72 bytes, original Keccak padding {@code 01 .. 80}, not SHA3's {@code 06}) on
 * {@link KeccakF1600}, incremental and copyable: absorb a prefix once, {@link #copy()} the state, and finish many
 * inputs that share it. Not thread-safe; each thread keeps its own.
 */
public final class Keccak512 {

    /** Bytes absorbed per permutation. */
    public static final int RATE = 72;
    /** Bytes of output. */
    public static final int DIGEST_LENGTH = 64;

    private final long[] state;
    private final byte[] pending;
    private int pendingLength;

    /** An empty hash. */
    public Keccak512() {
        this(new long[KeccakF1600.LANES], new byte[RATE], 0);
    }

    private Keccak512(long[] state, byte[] pending, int pendingLength) {
        this.state = state;
        this.pending = pending;
        this.pendingLength = pendingLength;
    }

    /** Keccak-512 of {@code input}. */
    public static byte[] hash(byte[] input) {
        return new Keccak512().update(input, 0, input.length).digest();
    }

    /** Absorbs {@code length} bytes of {@code input} from {@code offset}. */
    public Keccak512 update(byte[] input, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, input.length);
        checkOpen();
        int at = offset;
        int end = offset + length;
        if (pendingLength > 0) {
            int take = Math.min(RATE - pendingLength, length);
            System.arraycopy(input, at, pending, pendingLength, take);
            pendingLength += take;
            at += take;
            if (pendingLength < RATE) {
                return this;
            }
            absorbBlock(pending, 0);
            pendingLength = 0;
        }
        while (end - at >= RATE) {
            absorbBlock(input, at);
            at += RATE;
        }
        System.arraycopy(input, at, pending, 0, end - at);
        pendingLength = end - at;
        return this;
    }

    /** A copy of the state so far: the midstate of everything absorbed. */
    public Keccak512 copy() {
        return new Keccak512(state.clone(), pending.clone(), pendingLength);
    }

    /** Bytes absorbed since the last full block (0 right after a multiple of {@link #RATE}). */
    public int pendingLength() {
        return pendingLength;
    }

    /** The 25 lanes after absorbing every full block so far (a copy). */
    public long[] lanes() {
        return state.clone();
    }

    /** Pads, squeezes the 64-byte digest and leaves this hash unusable for further input. */
    public byte[] digest() {
        checkOpen();
        Arrays.fill(pending, pendingLength, RATE, (byte) 0);
        pending[pendingLength] ^= 0x01;
        pending[RATE - 1] ^= (byte) 0x80;
        absorbBlock(pending, 0);
        byte[] out = new byte[DIGEST_LENGTH];
        for (int i = 0; i < DIGEST_LENGTH; i++) {
            out[i] = (byte) (state[i >>> 3] >>> (8 * (i & 7)));
        }
        pendingLength = -1;
        return out;
    }

    private void checkOpen() {
        if (pendingLength < 0) {
            throw new IllegalStateException("digest() was already called");
        }
    }

    private void absorbBlock(byte[] block, int offset) {
        for (int lane = 0; lane < RATE / 8; lane++) {
            state[lane] ^= littleEndian(block, offset + 8 * lane);
        }
        KeccakF1600.permute(state);
    }

    static long littleEndian(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xffL);
        }
        return value;
    }
}
