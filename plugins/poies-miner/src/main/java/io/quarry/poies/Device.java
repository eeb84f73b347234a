package io.quarry.poies;

/**
 * Where nonces are scanned ({@code poies-miner.device}). GPU backends (CUDA, ROCm, OpenCL, Metal) are not built
 * into this node, so they are not values of this key.
 */
public enum Device {
    /** The CPU scanner. */
    CPU,
    /** No local scanning: the node only serves outside miners, or a proxy forwards their shares. */
    NONE
}
