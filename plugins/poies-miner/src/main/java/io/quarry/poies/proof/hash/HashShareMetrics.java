package io.quarry.poies.proof.hash;

import io.quarry.poies.proof.ProofMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a valid attached HashShare shows.
 *
 * @param hMicro H(u) of the share, in micro-nats
 * @param dRatioPpm its depth relative to its template's Theta, in ppm
 */
public record HashShareMetrics(long hMicro, long dRatioPpm) implements ProofMetrics {

    @Override
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("hMicro", hMicro);
        map.put("dRatioPpm", dRatioPpm);
        return map;
    }
}
