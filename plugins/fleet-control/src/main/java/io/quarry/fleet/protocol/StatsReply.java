package io.quarry.fleet.protocol;

import java.util.List;

/**
 * The {@code stats} reply: every miner on the worker.
 *
 * @param miners the miners, in registration order
 */
public record StatsReply(List<MinerReport> miners) {

    public StatsReply {
        miners = List.copyOf(miners);
    }
}
