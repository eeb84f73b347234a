package io.quarry.storage.placement;

import java.util.Objects;

/**
 * One miner in a {@link ClusterMap}.
 *
 * @param nodeId the miner's node id (64 lowercase hex characters)
 * @param familyId its failure family: miners that may fail together (one operator, rack or site)
 * @param weight its share of placement, proportional to the storage it offers; > 0
 * @param host where its transport listens
 * @param port its transport port
 */
public record MapMiner(String nodeId, String familyId, double weight, String host, int port) {

    /** Checks the fields. */
    public MapMiner {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(host, "host");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("miner " + nodeId + " has weight " + weight + "; weights must be > 0");
        }
    }
}
