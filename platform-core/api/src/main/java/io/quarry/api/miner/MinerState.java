package io.quarry.api.miner;

/** Where a miner is in its own lifecycle. */
public enum MinerState {
    /** Not mining; can be started. */
    STOPPED,
    /** Preparing (connecting, initialising a dataset). */
    STARTING,
    /** Doing work. */
    RUNNING,
    /** Winding down. */
    STOPPING,
    /** Stopped by an error; {@link Miner#stateDetail()} says which. */
    FAILED,
    /**
     * Cannot mine on this node at all (a library or device is missing, or the miner type is not implemented
     * yet); {@link Miner#stateDetail()} says why. Starting it fails.
     */
    UNAVAILABLE
}
