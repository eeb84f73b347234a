package io.quarry.poies.proof.attest;

import io.quarry.poies.proof.ProofMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a valid AI or Quantum attestation shows.
 *
 * @param units the work done, in the kind's unit (inferences for AI, circuit runs for Quantum), traps excluded
 * @param trapsTotal trap tasks hidden among the work
 * @param trapsPassed trap tasks whose known answer the provider reproduced
 */
public record AttestedMetrics(long units, long trapsTotal, long trapsPassed) implements ProofMetrics {

    @Override
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("units", units);
        map.put("trapsTotal", trapsTotal);
        map.put("trapsPassed", trapsPassed);
        return map;
    }
}
