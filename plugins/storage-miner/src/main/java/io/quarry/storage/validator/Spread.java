package io.quarry.storage.validator;

import io.quarry.storage.placement.MapMiner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the shards of one stripe are spread: the most on one miner, the most in one family, and on how many miners.
 * It decides what a stripe survives: losing a miner (or a family) loses at most its shards, and a stripe stays
 * readable while no more than {@code parity_shards} of its shards are lost.
 *
 * @param perMiner the most shards of the stripe on one miner
 * @param perFamily the most shards of the stripe in one family
 * @param miners how many miners hold a shard of it
 */
record Spread(int perMiner, int perFamily, int miners) {

    /** The spread of a stripe placed on {@code holders} (shard i on holder i). */
    static Spread of(List<MapMiner> holders) {
        Map<String, Integer> byMiner = new HashMap<>();
        Map<String, Integer> byFamily = new HashMap<>();
        for (MapMiner holder : holders) {
            byMiner.merge(holder.nodeId(), 1, Integer::sum);
            byFamily.merge(holder.familyId(), 1, Integer::sum);
        }
        return new Spread(max(byMiner), max(byFamily), byMiner.size());
    }

    private static int max(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The worse of this and {@code other}, field by field. */
    Spread worse(Spread other) {
        return new Spread(Math.max(perMiner, other.perMiner), Math.max(perFamily, other.perFamily),
                Math.min(miners, other.miners));
    }

    /** What the stripe survives, for a code with {@code parityShards} parity shards, in words for the report. */
    String describe(int parityShards) {
        if (miners == 1) {
            return "all shards on 1 miner: no fault tolerance";
        }
        if (perMiner > parityShards) {
            return "a miner holds up to " + perMiner + " shards of a stripe, more than parity_shards = " + parityShards
                    + ": losing one miner can make a file unreadable";
        }
        if (perFamily > parityShards) {
            return "survives the loss of any one miner, not of a whole family (a family holds up to " + perFamily
                    + " shards of a stripe)";
        }
        return "survives the loss of any one family";
    }
}
