package io.quarry.poies.hash;

/** {@link NonceLanes} one nonce at a time, on the scalar {@link KeccakF1600}: the fallback without SIMD. */
final class ScalarNonceLanes implements NonceLanes {

    private final NonceHasher hasher;

    /** Lanes over a copy of {@code hasher} (so the caller's stays free for digests). */
    ScalarNonceLanes(NonceHasher hasher) {
        this.hasher = hasher.copy();
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void hashTop64(long firstNonce, long stride, long[] top) {
        top[0] = hasher.hashTop64(firstNonce);
    }
}
