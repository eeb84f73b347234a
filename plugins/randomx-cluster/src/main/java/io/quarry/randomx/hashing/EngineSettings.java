package io.quarry.randomx.hashing;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to open a {@link RandomXEngine}.
 *
 * @param mode auto, fast or light ({@code mode})
 * @param threads threads for dataset initialisation and the default miner count; 0 means one per core ({@code threads})
 * @param ramMb RAM limit in MiB for the mode decision; 0 means what the system has available ({@code ram_mb})
 * @param flags JIT / hardware AES / secure JIT overrides ({@code jit}, {@code hard_aes}, {@code secure_jit})
 * @param hugePages large-page policy ({@code huge_pages})
 * @param verifierVms VMs kept for {@link RandomXEngine#hash}; concurrent verifications beyond this wait
 * @param progress dataset initialisation progress
 * @param threadFactory makes the dataset-initialisation threads (platform threads: they run native code for seconds)
 */
public record EngineSettings(RandomXMode mode, int threads, long ramMb, FlagPolicy flags, HugePagesPolicy hugePages,
                             int verifierVms, DatasetProgress progress, ThreadFactory threadFactory) {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSettings.class);

    /** VMs kept for share verification. */
    public static final int DEFAULT_VERIFIER_VMS = 2;

    /** Checks arguments. */
    public EngineSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(hugePages, "hugePages");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(threadFactory, "threadFactory");
        if (threads < 0 || ramMb < 0 || verifierVms < 1) {
            throw new IllegalArgumentException("threads and ram_mb must be >= 0 and verifierVms >= 1, were "
                    + threads + ", " + ramMb + ", " + verifierVms);
        }
    }

    /** Auto mode, one thread per core, no RAM limit, recommended flags, huge pages auto, progress logged per 10 %. */
    public static EngineSettings defaults() {
        return new EngineSettings(RandomXMode.AUTO, 0, 0, FlagPolicy.AUTO, HugePagesPolicy.AUTO, DEFAULT_VERIFIER_VMS,
                EngineSettings::logProgress, Thread.ofPlatform().name("randomx-dataset-", 0).daemon().factory());
    }

    /** Threads to use: {@link #threads()}, or the number of processors when that is 0. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** A copy with another mode. */
    public EngineSettings withMode(RandomXMode value) {
        return new EngineSettings(value, threads, ramMb, flags, hugePages, verifierVms, progress, threadFactory);
    }

    /** A copy with another thread count. */
    public EngineSettings withThreads(int value) {
        return new EngineSettings(mode, value, ramMb, flags, hugePages, verifierVms, progress, threadFactory);
    }

    /** A copy with another RAM limit. */
    public EngineSettings withRamMb(long value) {
        return new EngineSettings(mode, threads, value, flags, hugePages, verifierVms, progress, threadFactory);
    }

    /** A copy with other flag overrides. */
    public EngineSettings withFlags(FlagPolicy value) {
        return new EngineSettings(mode, threads, ramMb, value, hugePages, verifierVms, progress, threadFactory);
    }

    /** A copy with another huge-page policy. */
    public EngineSettings withHugePages(HugePagesPolicy value) {
        return new EngineSettings(mode, threads, ramMb, flags, value, verifierVms, progress, threadFactory);
    }

    /** A copy with another number of verification VMs. */
    public EngineSettings withVerifierVms(int value) {
        return new EngineSettings(mode, threads, ramMb, flags, hugePages, value, progress, threadFactory);
    }

    /** A copy with another progress listener. */
    public EngineSettings withProgress(DatasetProgress value) {
        return new EngineSettings(mode, threads, ramMb, flags, hugePages, verifierVms, value, threadFactory);
    }

    /** A copy with another thread factory. */
    public EngineSettings withThreadFactory(ThreadFactory value) {
        return new EngineSettings(mode, threads, ramMb, flags, hugePages, verifierVms, progress, value);
    }

    private static void logProgress(int percent, long elapsedMillis) {
        if (percent % 10 == 0) {
            LOG.info("RandomX dataset {}% ({} ms)", percent, elapsedMillis);
        }
    }
}
