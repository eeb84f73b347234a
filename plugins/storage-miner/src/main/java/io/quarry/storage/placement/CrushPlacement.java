package io.quarry.storage.placement;

import io.quarry.storage.hash.Blake3;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where each shard of each stripe lives, computed from a {@link ClusterMap} alone, after CRUSH (Weil et al.,
 * "CRUSH: Controlled, Scalable, Decentralized Placement of Replicated Data", SC 2006) with its straw2 bucket:
 * stripes hash into placement groups, and each placement group draws its miners through a two-level hierarchy
 * (families, then miners in a family). The rules and the hash are in docs/storage-placement.md.
 *
 * <p>Guarantees: a stripe's shards go to distinct miners; no family holds more than {@code parityShards} of them,
 * so losing every miner of one family loses at most that many; shards spread over families as evenly as the
 * families' sizes allow. A map on which this is impossible is refused when the placement is built. Immutable
 * and thread-safe; placements are computed on first use and kept.
 */
public final class CrushPlacement {

    private final ClusterMap map;
    private final List<Family> families;
    private final AtomicReferenceArray<List<MapMiner>> placed;

    private record Family(String id, long hash, double weight, List<Item> miners) {
    }

    private record Item(MapMiner miner, long hash) {
    }

    /**
     * Builds the placement for {@code map}.
     *
     * @throws PlacementException when miners repeat, or the families cannot hold a stripe under the rules
     */
    public CrushPlacement(ClusterMap map) {
        this.map = map;
        Map<String, List<Item>> byFamily = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (MapMiner miner : map.miners()) {
            if (!seen.add(miner.nodeId())) {
                throw new PlacementException("cluster map epoch " + map.epoch() + " lists miner " + miner.nodeId() + " twice");
            }
            byFamily.computeIfAbsent(miner.familyId(), f -> new ArrayList<>()).add(new Item(miner, itemHash("miner:" + miner.nodeId())));
        }
        List<Family> built = new ArrayList<>();
        int capacity = 0;
        StringBuilder sizes = new StringBuilder();
        for (var entry : byFamily.entrySet()) {
            double weight = entry.getValue().stream().mapToDouble(i -> i.miner().weight()).sum();
            built.add(new Family(entry.getKey(), itemHash("family:" + entry.getKey()), weight, List.copyOf(entry.getValue())));
            capacity += Math.min(map.parityShards(), entry.getValue().size());
            sizes.append(sizes.isEmpty() ? "" : ", ").append(entry.getKey()).append(": ").append(entry.getValue().size());
        }
        if (capacity < map.totalShards()) {
            throw new PlacementException("cluster map epoch " + map.epoch() + " cannot place " + map.totalShards()
                    + " shards per stripe (" + map.dataShards() + " data + " + map.parityShards() + " parity): each "
                    + "shard needs its own miner and a family may hold at most parity_shards = " + map.parityShards()
                    + " of a stripe, so the " + built.size() + " famil" + (built.size() == 1 ? "y" : "ies")
                    + " (" + (sizes.isEmpty() ? "no miners" : sizes) + " miners) can hold only " + capacity);
        }
        this.families = List.copyOf(built);
        this.placed = new AtomicReferenceArray<>(map.pgCount());
    }

    /** The map this placement was built from. */
    public ClusterMap map() {
        return map;
    }

    /** The placement group of stripe {@code stripe} of file {@code fileId}. */
    public int pgOf(String fileId, int stripe) {
        byte[] digest = Blake3.hash((fileId + ":" + stripe).getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(value, map.pgCount());
    }

    /** The miners of placement group {@code pg}, in shard order: element i holds shard i of each stripe there. */
    public List<MapMiner> minersOf(int pg) {
        if (pg < 0 || pg >= map.pgCount()) {
            throw new IllegalArgumentException("placement group " + pg + " is outside [0, " + map.pgCount() + ")");
        }
        List<MapMiner> miners = placed.get(pg);
        if (miners == null) {
            miners = compute(pg);
            placed.compareAndSet(pg, null, miners);
        }
        return miners;
    }

    /** The miners holding each shard of stripe {@code stripe} of {@code fileId}, in shard order. */
    public List<MapMiner> minersOf(String fileId, int stripe) {
        return minersOf(pgOf(fileId, stripe));
    }

    /** The placement groups in which {@code nodeId} holds a shard, with the shard index it holds there. */
    public Map<Integer, Integer> pgsOf(String nodeId) {
        Map<Integer, Integer> pgs = new LinkedHashMap<>();
        for (int pg = 0; pg < map.pgCount(); pg++) {
            List<MapMiner> miners = minersOf(pg);
            for (int shard = 0; shard < miners.size(); shard++) {
                if (miners.get(shard).nodeId().equals(nodeId)) {
                    pgs.put(pg, shard);
                }
            }
        }
        return pgs;
    }

    private List<MapMiner> compute(int pg) {
        // Each family's miners ranked by their straw2 draw for this placement group.
        List<List<Item>> ranked = new ArrayList<>(families.size());
        double[] familyStraw = new double[families.size()];
        int[] limit = new int[families.size()];
        for (int f = 0; f < families.size(); f++) {
            Family family = families.get(f);
            List<Item> miners = new ArrayList<>(family.miners());
            miners.sort(Comparator.comparingDouble((Item i) -> -straw(pg, i.hash(), i.miner().weight()))
                    .thenComparing(i -> i.miner().nodeId()));
            ranked.add(miners);
            familyStraw[f] = straw(pg, family.hash(), family.weight());
            limit[f] = Math.min(map.parityShards(), miners.size());
        }
        int[] used = new int[families.size()];
        List<MapMiner> result = new ArrayList<>(map.totalShards());
        for (int shard = 0; shard < map.totalShards(); shard++) {
            // The family with the fewest shards so far that may take another; ties go to the longest straw.
            int best = -1;
            for (int f = 0; f < families.size(); f++) {
                if (used[f] < limit[f] && (best < 0 || used[f] < used[best]
                        || used[f] == used[best] && familyStraw[f] > familyStraw[best])) {
                    best = f;
                }
            }
            result.add(ranked.get(best).get(used[best]).miner());
            used[best]++;
        }
        return List.copyOf(result);
    }

    /**
     * The straw2 draw of an item: {@code ln(u) / weight} with {@code u} uniform in (0, 1] from a hash of the
     * placement group and the item; the longest (largest) straw wins, so an item wins with probability
     * proportional to its weight, and changing one item's weight only moves data to or from that item.
     */
    static double straw(int pg, long itemHash, double weight) {
        long h = mix(itemHash ^ (0x9E3779B97F4A7C15L * (pg + 1L)));
        double u = ((h >>> 11) + 1) * 0x1.0p-53;
        return Math.log(u) / weight;
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long itemHash(String name) {
        byte[] digest = Blake3.hash(name.getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return value;
    }
}
