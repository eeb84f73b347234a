package io.quarry.randomx.cluster;

import io.quarry.api.miner.Miner;
import io.quarry.randomx.RandomxClusterConfig;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.randomx.hashing.HugePages;
import io.quarry.randomx.hashing.MemoryPlan;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * This node's capabilities as it measures them: cores, mining threads ({@code threads}, 0 = one per core), the
 * RAM it may use ({@code ram_mb}, else what the system has available), free huge pages, whether the fast-mode
 * dataset fits in that RAM, and the miner's hashrate over the last minute.
 */
public final class NodeCapabilitiesProbe implements Supplier<NodeCapabilities> {

    private final RandomxClusterConfig config;
    private volatile Miner miner;

    public NodeCapabilitiesProbe(RandomxClusterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Takes the hashrate from {@code measured} from now on. */
    public void measure(Miner measured) {
        this.miner = Objects.requireNonNull(measured, "measured");
    }

    @Override
    public NodeCapabilities get() {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = config.threads() > 0 ? config.threads() : cores;
        long ramMb = config.ramMb() > 0 ? config.ramMb() : MemoryPlan.availableBytes() / MemoryPlan.MIB;
        boolean canHold = ramMb * MemoryPlan.MIB >= MemoryPlan.requiredBytes(io.quarry.randomx.hashing.RandomXMode.FAST, threads);
        boolean huge;
        try {
            huge = HugePages.system().freePages() > 0;
        } catch (RuntimeException e) {
            huge = false;
        }
        Miner m = miner;
        double rate = m == null ? 0 : Math.max(0, Math.min(NodeCapabilities.MAX_HASHRATE, m.stats().hashrate().sixtySeconds()));
        return new NodeCapabilities(Math.min(cores, NodeCapabilities.MAX_THREADS), Math.min(threads, NodeCapabilities.MAX_THREADS),
                Math.min(Math.max(0, ramMb), NodeCapabilities.MAX_RAM_MB), huge, canHold, rate);
    }
}
