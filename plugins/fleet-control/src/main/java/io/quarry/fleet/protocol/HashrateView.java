package io.quarry.fleet.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarry.api.miner.MinerStats;

/**
 * A hashrate over the three windows, named as on the REST API: {@code {"10s": .., "60s": .., "15m": ..}}.
 *
 * @param tenSeconds rate over 10 s
 * @param sixtySeconds rate over 60 s
 * @param fifteenMinutes rate over 15 min
 */
public record HashrateView(@JsonProperty("10s") double tenSeconds, @JsonProperty("60s") double sixtySeconds,
        @JsonProperty("15m") double fifteenMinutes) {

    /** No work. */
    public static final HashrateView ZERO = new HashrateView(0, 0, 0);

    /** The view of a miner's hashrate. */
    public static HashrateView of(MinerStats.Hashrate h) {
        return new HashrateView(h.tenSeconds(), h.sixtySeconds(), h.fifteenMinutes());
    }

    /** The sum of two rates. */
    public HashrateView plus(HashrateView other) {
        return new HashrateView(tenSeconds + other.tenSeconds, sixtySeconds + other.sixtySeconds,
                fifteenMinutes + other.fifteenMinutes);
    }
}
