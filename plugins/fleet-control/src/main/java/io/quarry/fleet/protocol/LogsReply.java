package io.quarry.fleet.protocol;

import java.util.List;

/**
 * The {@code logs} reply.
 *
 * @param miner the miner id
 * @param lines its most recent output lines, oldest first
 */
public record LogsReply(String miner, List<String> lines) {

    public LogsReply {
        lines = List.copyOf(lines);
    }
}
