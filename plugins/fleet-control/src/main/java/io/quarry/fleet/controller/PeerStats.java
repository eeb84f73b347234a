package io.quarry.fleet.controller;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarry.fleet.protocol.MinerReport;
import java.util.List;

/**
 * One node's part of the fleet view.
 *
 * @param id its node id
 * @param name its fleet name
 * @param status {@code online}, {@code offline} or {@code self} (the controller's own miners)
 * @param error why it could not be read; null when it could
 * @param miners its miners
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PeerStats(String id, String name, String status, String error, List<MinerReport> miners) {

    public PeerStats {
        miners = List.copyOf(miners);
    }
}
