package io.quarry.randomx.cluster.discovery;

import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A discovery beacon: who a node is, where its transport listens, what it can do, and a counter that grows with
 * every beacon it sends (replays are refused). Encoded by {@link BeaconCodec}.
 *
 * @param nodeId the sender's node id
 * @param role the sender's configured role
 * @param transportHost the host its transport listens on; empty means "the address this beacon came from"
 * @param transportPort its transport port
 * @param capabilities what it can do
 * @param datasetHost whether it was told to host the dataset ({@code dataset_host})
 * @param counter strictly increasing per sender (it starts at the sender's start time in microseconds)
 * @param remoteHashing whether the sender hashes through the dataset host (HASH_REQUEST) rather than locally
 */
public record Beacon(String nodeId, ClusterRole role, String transportHost, int transportPort,
                     NodeCapabilities capabilities, boolean datasetHost, long counter, boolean remoteHashing) {

    /** Longest transport host carried. */
    public static final int MAX_HOST_BYTES = 64;
    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{64}");

    public Beacon {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(transportHost, "transportHost");
        Objects.requireNonNull(capabilities, "capabilities");
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("nodeId must be 64 lowercase hex characters");
        }
        if (transportHost.length() > MAX_HOST_BYTES || !transportHost.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("transportHost must be at most " + MAX_HOST_BYTES
                    + " printable ASCII characters");
        }
        if (transportPort < 1 || transportPort > 65535 || counter < 0) {
            throw new IllegalArgumentException("transportPort must be 1..65535 and counter non-negative, were "
                    + transportPort + " and " + counter);
        }
    }

    /** A beacon of a node that hashes locally. */
    public Beacon(String nodeId, ClusterRole role, String transportHost, int transportPort,
                  NodeCapabilities capabilities, boolean datasetHost, long counter) {
        this(nodeId, role, transportHost, transportPort, capabilities, datasetHost, counter, false);
    }

    /** Whether the sender may be elected master (role master or auto). */
    public boolean eligible() {
        return role == ClusterRole.MASTER || role == ClusterRole.AUTO;
    }
}
