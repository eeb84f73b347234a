package io.quarry.randomx.cluster;

/**
 * How a member that cannot hold the dataset decides, from the two rates it measured, whether to hash through the
 * dataset host. The plugin uses {@link #FASTER}; a test or a bench may inject another (for instance to exercise
 * remote hashing on a machine where light mode happens to be quicker).
 */
@FunctionalInterface
public interface HashingPolicy {

    /** Remote when HASH_REQUESTs achieved more hashes per second than light mode here. */
    HashingPolicy FASTER = (localRate, remoteRate) -> remoteRate > localRate;

    /**
     * Whether to hash remotely.
     *
     * @param localRate this node's light-mode hashes per second
     * @param remoteRate hashes per second HASH_REQUESTs to the dataset host achieved, sent as mining sends them
     */
    boolean remote(double localRate, double remoteRate);
}
