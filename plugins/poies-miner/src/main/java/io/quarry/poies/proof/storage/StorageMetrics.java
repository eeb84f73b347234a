package io.quarry.poies.proof.storage;

import io.quarry.poies.proof.ProofMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a valid storage proof shows.
 *
 * @param committedBytes leaf count times leaf size: the data the root commits to
 * @param samples leaves opened and checked
 */
public record StorageMetrics(long committedBytes, int samples) implements ProofMetrics {

    @Override
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("committedBytes", committedBytes);
        map.put("samples", (long) samples);
        return map;
    }
}
