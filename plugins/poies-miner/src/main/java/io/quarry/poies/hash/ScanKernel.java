package io.quarry.poies.hash;

import java.util.Optional;

/**
 * The hashing kernel of the CPU scanner, chosen once when the JVM starts: several nonces per pass in SIMD lanes
 * ({@link VectorNonceLanes}, the Java Vector API) when the JVM has the {@code jdk.incubator.vector} module (the
 * launchers add it with {@code --add-modules jdk.incubator.vector}) and the CPU's preferred vector holds at least
 * {@value #MIN_VECTOR_LANES} lanes of 64 bits (AVX2: 4, AVX-512: 8); otherwise one nonce at a time on the scalar
 * {@link KeccakF1600}. Both compute the same digests; only the speed differs.
 */
public final class ScanKernel {

    /** Fewer 64-bit lanes than this (128-bit SSE or NEON vectors) and the scalar kernel is faster. */
    public static final int MIN_VECTOR_LANES = 4;
    private static final String MODULE = "jdk.incubator.vector";
    private static final ScanKernel SCALAR = new ScanKernel(false, 1, "scalar Keccak-f[1600], 1 lane");
    private static final ScanKernel DETECTED = probe();

    private final boolean vector;
    private final int lanes;
    private final String description;

    private ScanKernel(boolean vector, int lanes, String description) {
        this.vector = vector;
        this.lanes = lanes;
        this.description = description;
    }

    /** The kernel this JVM and CPU run best: the vector one where it is available, else the scalar one. */
    public static ScanKernel detect() {
        return DETECTED;
    }

    /** The scalar kernel, always available. */
    public static ScanKernel scalar() {
        return SCALAR;
    }

    /** The vector kernel, when this JVM and CPU have one worth running. */
    public static Optional<ScanKernel> vector() {
        return DETECTED.vector ? Optional.of(DETECTED) : Optional.empty();
    }

    /** Nonces hashed per pass of the permutation: 1 for the scalar kernel, 4 or 8 for the vector one. */
    public int lanes() {
        return lanes;
    }

    /** Whether this is the SIMD kernel. */
    public boolean simd() {
        return vector;
    }

    /** What runs, for the logs: the kernel, its lanes and, for the scalar one, why not the vector one. */
    public String description() {
        return description;
    }

    /** A thread's lanes over {@code hasher}'s midstate. */
    NonceLanes newLanes(NonceHasher hasher) {
        return vector ? new VectorNonceLanes(hasher) : new ScalarNonceLanes(hasher);
    }

    @Override
    public String toString() {
        return description;
    }

    private static ScanKernel probe() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return new ScanKernel(false, 1, SCALAR.description + " (the JVM runs without " + MODULE
                    + "; start it with --add-modules " + MODULE + " for SIMD lanes)");
        }
        int lanes;
        int bits;
        try {
            lanes = VectorNonceLanes.laneCount();
            bits = VectorNonceLanes.vectorBits();
        } catch (LinkageError e) {
            return new ScanKernel(false, 1, SCALAR.description + " (" + MODULE + " failed to load: " + e + ")");
        }
        if (lanes < MIN_VECTOR_LANES) {
            return new ScanKernel(false, 1, SCALAR.description + " (the CPU's vectors are " + bits
                    + " bits, fewer than " + MIN_VECTOR_LANES + " 64-bit lanes)");
        }
        return new ScanKernel(true, lanes, "Vector API Keccak-f[1600], " + lanes + " lanes of 64 bits (" + bits
                + "-bit vectors)");
    }
}
