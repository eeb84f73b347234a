package io.quarry.randomx.cluster;

import io.quarry.randomx.cluster.wire.NodeCapabilities;
import java.time.Instant;

/**
 * One member as the master sees it.
 *
 * @param nodeId the member's node id
 * @param role its configured role key
 * @param capabilities what it announced last
 * @param hashrate its latest measured hashes per second
 * @param badResults results of it that failed the master's re-hash
 * @param joinedAt when it was admitted
 * @param lastSeen its last message
 */
public record MemberView(String nodeId, String role, NodeCapabilities capabilities, double hashrate, int badResults,
                         Instant joinedAt, Instant lastSeen) {
}
