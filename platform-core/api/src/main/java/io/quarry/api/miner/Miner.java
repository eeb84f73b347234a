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

    /**
     * Starts mining with {@code profile}'s settings laid over the plugin's configuration, without restarting
     * the node; a running miner restarts with them. The settings are validated first: a bad one is refused
     * with a {@link io.quarry.api.config.ConfigException} naming the key, and the miner keeps its state.
     *
     * <p>The default starts as configured when the profile changes nothing and refuses settings otherwise:
     * miners whose plugin takes profiles override it.
     *
     * @throws io.quarry.api.config.ConfigException when a setting is unknown or invalid, or this miner takes none
     */
    default void start(MinerProfile profile) {
        if (!profile.isEmpty()) {
            throw new io.quarry.api.config.ConfigException(null, "miner " + id() + " takes no profile settings, was given "
                    + profile.settings().keySet());
        }
        start();
    }

    /** Stops mining; returns once the miner has stopped. */
    void stop();

    /** Current figures. */
    MinerStats stats();

    /** The most recent log lines of this miner, oldest first, at most {@code max}. */
    List<String> recentLogs(int max);
}
