package io.quarry.api.miner;

import java.util.List;

/**
 * The face every miner shows the kernel, whatever it mines: the dashboard and fleet control read and drive
 * any miner, local or remote, through this contract alone.
 *
 * <p>{@link #start()} on a running miner and {@link #stop()} on a stopped one are harmless. Implementations
 * are thread-safe.
 */
public interface Miner {

    /** Unique within the node, stable across restarts ({@code "randomx-cluster/local"}). */
    String id();

    /** The family of work ({@code "randomx"}, {@code "poies"}, {@code "storage"}, {@code "subnet"}, ...). */
    String kind();

    /** The current state. */
    MinerState state();

    /** Why the miner is in its state when that needs saying (a failure, what is unavailable); else empty. */
    default String stateDetail() {
        return "";
    }

    /** Starts mining; returns once the miner is starting. */
    void start();

    /** Stops mining; returns once the miner has stopped. */
    void stop();

    /** Current figures. */
    MinerStats stats();

    /** The most recent log lines of this miner, oldest first, at most {@code max}. */
    List<String> recentLogs(int max);
}
