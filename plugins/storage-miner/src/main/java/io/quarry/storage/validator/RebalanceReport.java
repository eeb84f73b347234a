package io.quarry.storage.validator;

/**
 * A miner's last complete rebalancing pass, as its heartbeats report it: the redundancy report counts a shard as
 * held by a miner only from what the miner said it did, not from where the map says the shard should be.
 *
 * @param epoch the map epoch the pass worked to (0: no pass reported)
 * @param startedAtMillis when the pass started, milliseconds since the epoch on the validator's clock (the
 *     {@code asOf} of the first stripes page it read), so it compares with manifests' times without clock skew
 * @param missing shards of the miner's placement groups the pass could neither pull nor rebuild
 */
public record RebalanceReport(long epoch, long startedAtMillis, long missing) {

    /** Nothing reported yet. */
    public static final RebalanceReport NONE = new RebalanceReport(0, 0, 0);

    /**
     * Whether a pass at {@code currentEpoch} that started after {@code sinceMillis} (strictly: a manifest stamped in
     * the same millisecond may be newer) left nothing missing.
     */
    public boolean complete(long currentEpoch, long sinceMillis) {
        return epoch == currentEpoch && missing == 0 && startedAtMillis > sinceMillis;
    }

    /** Whether a pass at {@code currentEpoch} found shards it could not get. */
    public boolean lacking(long currentEpoch) {
        return epoch == currentEpoch && missing > 0;
    }
}
