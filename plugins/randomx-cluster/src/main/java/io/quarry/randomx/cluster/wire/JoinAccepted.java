package io.quarry.randomx.cluster.wire;

/**
 * The master admitted the node: from now on it may ask for work units and send results and heartbeats.
 *
 * @param masterId the master's node id
 * @param heartbeatMillis how often the member must send a HEARTBEAT; silent for three of these, it is dropped
 */
public record JoinAccepted(String masterId, long heartbeatMillis) {

    public JoinAccepted {
        WireChecks.nodeId("masterId", masterId);
        if (heartbeatMillis < 100 || heartbeatMillis > 60_000) {
            throw new IllegalArgumentException("heartbeatMillis must be 100..60000, was " + heartbeatMillis);
        }
    }
}
