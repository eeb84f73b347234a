package io.quarry.fleet.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.miner.MinerStats;

/**
 * What the XMRig adapter reads from {@code GET /2/summary} (XMRig HTTP API): the hashrate over 10 s, 60 s and
 * 15 min ({@code hashrate.total}; XMRig sends null for a window it has no figure for yet, read as 0), shares
 * good and total ({@code results}), uptime, algorithm, pool and whether it is paused.
 *
 * @param hashrate the three windows
 * @param sharesGood accepted shares
 * @param sharesTotal all shares sent
 * @param uptimeSeconds seconds the miner has run
 * @param algo the algorithm
 * @param pool the pool it is connected to
 * @param paused whether mining is paused
 */
public record XmrigSummary(MinerStats.Hashrate hashrate, long sharesGood, long sharesTotal, long uptimeSeconds,
        String algo, String pool, boolean paused) {

    /** Reads the fields from a {@code /2/summary} document. */
    public static XmrigSummary of(JsonNode summary) {
        JsonNode total = summary.path("hashrate").path("total");
        JsonNode results = summary.path("results");
        return new XmrigSummary(new MinerStats.Hashrate(number(total.path(0)), number(total.path(1)), number(total.path(2))),
                results.path("shares_good").asLong(0), results.path("shares_total").asLong(0),
                summary.path("uptime").asLong(0), summary.path("algo").asText(""),
                summary.path("connection").path("pool").asText(""), summary.path("paused").asBoolean(false));
    }

    private static double number(JsonNode node) {
        return node.isNumber() ? Math.max(0, node.asDouble()) : 0;
    }
}
