package io.quarry.storage.miner;

import io.quarry.storage.store.Limiter;

/**
 * The miner's backpressure: one {@link Limiter} per kind of work.
 *
 * @param store Store operations (validator pushes and peer pulls): {@code store_concurrency}
 * @param pull PullFromPeer downloads: {@code pull_concurrency}
 * @param fetch FetchBlob answers: {@code fetch_concurrency}
 * @param pos proof-of-storage answers: {@code pos_concurrency}
 */
public record MinerLimits(Limiter store, Limiter pull, Limiter fetch, Limiter pos) {

    /** Limiters with the given sizes. */
    public static MinerLimits of(int store, int pull, int fetch, int pos) {
        return new MinerLimits(new Limiter("store_concurrency", store), new Limiter("pull_concurrency", pull),
                new Limiter("fetch_concurrency", fetch), new Limiter("pos_concurrency", pos));
    }
}
