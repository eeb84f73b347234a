package io.quarry.poies.proof.vdf;

import io.quarry.poies.proof.ProofMetrics;
import java.util.Map;

/**
 * What a valid VDF proof shows.
 *
 * @param iterations T, the number of sequential squarings proven
 */
public record VdfMetrics(long iterations) implements ProofMetrics {

    @Override
    public Map<String, Long> asMap() {
        return Map.of("iterations", iterations);
    }
}
