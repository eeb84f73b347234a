package io.quarry.randomx.cluster;

import io.quarry.randomx.cluster.wire.NodeCapabilities;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Which member hosts the RandomX dataset for members that cannot hold it: a member with {@code dataset_host = true}
 * (the smallest id if several), else the member with the most free RAM among those that can hold the dataset
 * (ties to the smallest id), else none.
 */
public final class DatasetHostChoice {

    private DatasetHostChoice() {
    }

    /** A candidate's capabilities and whether it was told to host. */
    public record Candidate(NodeCapabilities capabilities, boolean forced) {
    }

    /** The chosen host's node id among {@code candidates} (keyed by node id). */
    public static Optional<String> choose(Map<String, Candidate> candidates) {
        Optional<String> forced = candidates.entrySet().stream().filter(e -> e.getValue().forced())
                .map(Map.Entry::getKey).min(Comparator.naturalOrder());
        if (forced.isPresent()) {
            return forced;
        }
        return candidates.entrySet().stream().filter(e -> e.getValue().capabilities().canHoldDataset())
                .min(Comparator.<Map.Entry<String, Candidate>>comparingLong(e -> -e.getValue().capabilities().freeRamMb())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }
}
