package io.quarry.storage.wire;

import java.util.List;

/**
 * A cluster map as it travels (see {@code ClusterMap}).
 *
 * @param epoch the map's version
 * @param pgCount placement groups
 * @param dataShards data shards per stripe
 * @param parityShards parity shards per stripe
 * @param miners the miners
 * @param colocate whether placement may put several shards of a stripe on one miner when miners are too few
 *     (absent from an older validator's map: false)
 */
public record WireClusterMap(long epoch, int pgCount, int dataShards, int parityShards, List<Miner> miners,
                             boolean colocate) {

    /** A map that never colocates shards. */
    public WireClusterMap(long epoch, int pgCount, int dataShards, int parityShards, List<Miner> miners) {
        this(epoch, pgCount, dataShards, parityShards, miners, false);
    }

    /**
     * One miner of the map.
     *
     * @param nodeId node id
     * @param familyId failure family
     * @param weight placement weight
     * @param host transport host
     * @param port transport port
     */
    public record Miner(String nodeId, String familyId, double weight, String host, int port) {
    }
}
