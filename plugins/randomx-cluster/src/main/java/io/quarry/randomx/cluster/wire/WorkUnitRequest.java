package io.quarry.randomx.cluster.wire;

/**
 * WORKUNIT_REQUEST: a member ran out of nonces (or just joined) and asks for a range; answered with a
 * {@link WorkUnit}, or with an error when the master has no job yet.
 *
 * @param lastAssignment the assignment the member just finished, 0 when it has none
 * @param hashrate the member's measured hashes per second, which sizes the next range
 */
public record WorkUnitRequest(long lastAssignment, double hashrate) {

    public WorkUnitRequest {
        if (lastAssignment < 0 || !(hashrate >= 0 && hashrate <= NodeCapabilities.MAX_HASHRATE)) {
            throw new IllegalArgumentException("lastAssignment and hashrate must be non-negative, were "
                    + lastAssignment + " and " + hashrate);
        }
    }
}
