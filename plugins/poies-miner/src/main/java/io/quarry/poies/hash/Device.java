package io.quarry.poies.hash;

import io.quarry.api.miner.HashrateMeter;

/**
 * A hashing backend for the nonce scan of {@code docs/poies-canonical-header.md} section 3 ({@code MINER_DEVICE}: the
 * CPU here; GPU backends implement the same contract). A device scans one {@link ScanJob} at a time and reports
 * candidates to the {@link ScanListener} it was made with.
 *
 * <p>Lifecycle: {@link #scan} starts scanning or switches to a new job (the old one is abandoned within about a
 * millisecond: that is how a new template cancels the old); {@link #pause} idles; {@link #close} stops for good
 * and is harmless to repeat. Methods are thread-safe.
 */
public interface Device extends AutoCloseable {

    /** The backend's name as {@code MINER_DEVICE} spells it ({@code cpu}, {@code cuda}, ...). */
    String name();

    /** Parallel workers (threads, or GPU streams). */
    int workers();

    /**
     * Scans {@code job} from now on, replacing any job in progress.
     *
     * @throws IllegalStateException after {@link #close}
     */
    void scan(ScanJob job);

    /** Stops scanning until the next {@link #scan}. */
    void pause();

    /** Nonces a worker hashes at once (SIMD lanes of a CPU, say); 1 when it hashes one at a time. */
    default int lanes() {
        return 1;
    }

    /** Nonces hashed so far, by every worker. */
    long hashes();

    /** The hash rate over 10 s, 60 s and 15 min. */
    HashrateMeter hashrate();

    /** Stops the workers and waits briefly for them to end. */
    @Override
    void close();
}
