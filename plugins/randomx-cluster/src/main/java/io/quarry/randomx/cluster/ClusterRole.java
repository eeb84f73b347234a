package io.quarry.randomx.cluster;

import java.util.Locale;

/** What a node does in a RandomX cluster ({@code randomx-cluster.role}). */
public enum ClusterRole {
    /** No cluster: the node mines alone for its own upstream. */
    STANDALONE,
    /** Talks to the upstream and hands nonce ranges to the members. */
    MASTER,
    /** Mines the ranges its master assigns; never talks to the upstream. */
    WORKER,
    /** Finds the others by discovery beacons; the smallest live node id is master, the rest are workers. */
    AUTO;

    /** The lowercase name used in the config and on the wire. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code standalone}, {@code master}, {@code worker} or {@code auto}. */
    public static ClusterRole parse(String value) {
        if (value != null) {
            for (ClusterRole role : values()) {
                if (role.key().equals(value)) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role must be standalone, master, worker or auto, was '" + value + "'");
    }
}
