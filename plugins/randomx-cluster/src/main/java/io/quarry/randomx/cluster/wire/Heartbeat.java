package io.quarry.randomx.cluster.wire;

/**
 * HEARTBEAT, member to master: still alive, with its latest measured hashrate and hashes done.
 *
 * @param counter increases with every heartbeat of one member
 * @param hashrate hashes per second over the last minute
 * @param totalHashes hashes done since the member started
 */
public record Heartbeat(long counter, double hashrate, long totalHashes) {

    public Heartbeat {
        if (counter < 0 || totalHashes < 0 || !(hashrate >= 0 && hashrate <= NodeCapabilities.MAX_HASHRATE)) {
            throw new IllegalArgumentException("counter, hashrate and totalHashes must be non-negative (hashrate at most "
                    + NodeCapabilities.MAX_HASHRATE + "), were " + counter + ", " + hashrate + ", " + totalHashes);
        }
    }
}
