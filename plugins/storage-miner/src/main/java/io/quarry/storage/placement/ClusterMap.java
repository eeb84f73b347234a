package io.quarry.storage.placement;

import java.util.List;
import java.util.Objects;

/**
 * What placement is computed from: the miners that hold data in one epoch, and the code's shape. The validator
 * makes a new map with a higher epoch whenever miners join or leave, and pushes it to the miners
 * (ClusterMapUpdate); everyone computes the same placement from the same map (docs/storage-placement.md).
 *
 * @param epoch the map's version, increasing
 * @param pgCount placement groups stripes are hashed into
 * @param dataShards data shards per stripe
 * @param parityShards parity shards per stripe; also the most shards of one stripe a family may hold
 * @param miners the miners placement may use
 * @param colocate whether a miner may hold several shards of a stripe when the miners are too few for one shard
 *     each ({@code allow_colocated_shards}, for a one-node dev cluster); placement still spreads them when it can
 */
public record ClusterMap(long epoch, int pgCount, int dataShards, int parityShards, List<MapMiner> miners,
                         boolean colocate) {

    /** Placement groups in a map unless configured otherwise. */
    public static final int DEFAULT_PG_COUNT = 1024;

    /** Checks the shape and copies the miner list. */
    public ClusterMap {
        Objects.requireNonNull(miners, "miners");
        if (pgCount < 1) {
            throw new IllegalArgumentException("pgCount must be >= 1, was " + pgCount);
        }
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > 256) {
            throw new IllegalArgumentException("shards must be 1 <= data, 0 <= parity, data + parity <= 256; were "
                    + dataShards + " + " + parityShards);
        }
        miners = List.copyOf(miners);
    }

    /** A map that never puts two shards of a stripe on one miner. */
    public ClusterMap(long epoch, int pgCount, int dataShards, int parityShards, List<MapMiner> miners) {
        this(epoch, pgCount, dataShards, parityShards, miners, false);
    }

    /** Shards per stripe. */
    public int totalShards() {
        return dataShards + parityShards;
    }
}
