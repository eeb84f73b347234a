package io.quarry.randomx.cluster.wire;

/**
 * The master's answer to a HEARTBEAT: the newest assignment it holds for the member. A member mining an older
 * one (a new job came, or its range was rebalanced) sends a WORKUNIT_REQUEST to fetch it.
 *
 * @param assignment the member's newest assignment id, 0 when there is none (no job yet)
 */
public record HeartbeatAck(long assignment) {

    public HeartbeatAck {
        if (assignment < 0) {
            throw new IllegalArgumentException("assignment must be non-negative, was " + assignment);
        }
    }
}
