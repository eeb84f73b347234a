package io.quarry.fleet.controller;

import io.quarry.fleet.protocol.MinerReport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole fleet at one moment.
 *
 * @param peers every node read, the controller's own first when it also works
 * @param totalHashrate the 10-second hashrate summed over every miner, by miner kind
 */
public record FleetStats(List<PeerStats> peers, Map<String, Double> totalHashrate) {

    public FleetStats {
        peers = List.copyOf(peers);
        totalHashrate = Map.copyOf(totalHashrate);
    }

    /** The view of {@code peers} with their totals. */
    public static FleetStats of(List<PeerStats> peers) {
        Map<String, Double> totals = new TreeMap<>();
        for (PeerStats p : peers) {
            for (MinerReport m : p.miners()) {
                totals.merge(m.kind(), m.hashrate().tenSeconds(), Double::sum);
            }
        }
        return new FleetStats(peers, totals);
    }
}
