package io.quarry.natives;

import com.sun.jna.Pointer;

/**
 * The Reed-Solomon part of ISA-L's C API ({@code isa-l/erasure_code.h}) as JNA direct-mapped natives. In the
 * header every matrix and table is {@code unsigned char *} and the shard lists are {@code unsigned char **};
 * here they are {@code byte[]} (copied by JNA for the call) or {@link Pointer}s to native memory.
 *
 * <p>Bound by {@link Isal#load}; only {@link Isal} and {@link ReedSolomon} may call these.
 */
final class IsalFunctions {

    private IsalFunctions() {
    }

    /** Fills {@code a} ({@code m * k} bytes) with an identity block over a Cauchy block: every k rows invertible. */
    static native void gf_gen_cauchy1_matrix(byte[] a, int m, int k);

    /** Inverts the {@code n * n} matrix {@code in} into {@code out}; 0 on success, non-zero when singular. */
    static native int gf_invert_matrix(byte[] in, byte[] out, int n);

    /** GF(2^8) multiplication with ISA-L's polynomial (0x11d). */
    static native byte gf_mul(byte a, byte b);

    /** Expands the {@code rows * k} coefficient matrix {@code a} into {@code 32 * k * rows} bytes of tables. */
    static native void ec_init_tables(int k, int rows, byte[] a, Pointer gftbls);

    /** {@code coding[r][i] = sum_j a[r][j] * data[j][i]} for {@code i < len}, through the expanded tables. */
    static native void ec_encode_data(int len, int k, int rows, Pointer gftbls, Pointer data, Pointer coding);
}
