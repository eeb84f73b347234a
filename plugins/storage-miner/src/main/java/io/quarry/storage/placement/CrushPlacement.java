package io.quarry.storage.placement;

import io.quarry.storage.hash.Blake3;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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
 * so losing every miner of one family loses at most that many; each shard slot of a placement group draws its
 * family and miner independently (straw2 per slot), so adding or removing a miner or family moves few slots. A map
 * on which this is impossible is refused when the placement is built, unless the map allows colocation
 * ({@link ClusterMap#colocate()}): then, and only then, a miner holds up to {@code ceil(n / miners)} shards of a
 * stripe and the family rule is dropped, which gives up fault tolerance (reported, never hidden). Immutable
 * and thread-safe; placements are computed on first use and kept.
 */
public final class CrushPlacement {

    private final ClusterMap map;
    private final List<Family> families;
    private final AtomicReferenceArray<List<MapMiner>> placed;
    /** The most shards of one stripe a miner holds: 1, or more when the map colocates because miners are too few. */
    private final int perMiner;
    /** Whether the family rule (at most parity_shards of a stripe per family) was dropped for a colocating map. */
    private final boolean relaxed;

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
        int miners = map.miners().size();
        if (capacity < map.totalShards() && map.colocate() && miners > 0) {
            // Too few miners (or families) for one shard each: each miner may hold up to ceil(n / miners) shards of a
            // stripe and a family that many per miner, so the map places at all; the redundancy report says what is
            // lost (docs/storage-placement.md, "Colocated shards").
            this.perMiner = (map.totalShards() + miners - 1) / miners;
            this.relaxed = true;
        } else if (capacity < map.totalShards()) {
            throw new PlacementException("cluster map epoch " + map.epoch() + " cannot place " + map.totalShards()
                    + " shards per stripe (" + map.dataShards() + " data + " + map.parityShards() + " parity): each "
                    + "shard needs its own miner and a family may hold at most parity_shards = " + map.parityShards()
                    + " of a stripe, so the " + built.size() + " famil" + (built.size() == 1 ? "y" : "ies")
                    + " (" + (sizes.isEmpty() ? "no miners" : sizes) + " miners) can hold only " + capacity
                    + (map.colocate() ? "" : "; on a one-machine test cluster, allow_colocated_shards = true lets a miner "
                    + "hold several shards of a stripe, giving up fault tolerance"));
        } else {
            this.perMiner = 1;
            this.relaxed = false;
        }
        this.families = List.copyOf(built);
        this.placed = new AtomicReferenceArray<>(map.pgCount());
    }

    /** The map this placement was built from. */
    public ClusterMap map() {
        return map;
    }

    /**
     * Whether this placement gave up the spreading rules: the map allows colocation and its miners or families are
     * too few to hold a stripe under them.
     */
    public boolean relaxed() {
        return relaxed;
    }

    /** The most shards of one stripe a family may hold: {@code parity_shards}, or more on a colocating map. */
    private int limit(Family family) {
        return relaxed ? perMiner * family.miners().size() : Math.min(map.parityShards(), family.miners().size());
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

    /**
     * The placement groups in which {@code nodeId} holds a shard, each with every shard index it holds there, in
     * ascending order: one index, or several on a colocating map ({@link #relaxed()}), where a miner may hold up to
     * {@code ceil(n / miners)} shards of a stripe.
     */
    public Map<Integer, List<Integer>> pgsOf(String nodeId) {
        Map<Integer, List<Integer>> pgs = new LinkedHashMap<>();
        for (int pg = 0; pg < map.pgCount(); pg++) {
            List<MapMiner> miners = minersOf(pg);
            List<Integer> held = new ArrayList<>();
            for (int shard = 0; shard < miners.size(); shard++) {
                if (miners.get(shard).nodeId().equals(nodeId)) {
                    held.add(shard);
                }
            }
            if (!held.isEmpty()) {
                pgs.put(pg, List.copyOf(held));
            }
        }
        return pgs;
    }

    private List<MapMiner> compute(int pg) {
        int n = map.totalShards();
        // How many shards each family takes: n weighted straw2 draws of this pg, a family leaving the draw once it
        // holds its limit (at most parity_shards, one per miner).
        int[] count = new int[families.size()];
        for (int slot = 0; slot < n; slot++) {
            count[longest(pg, slot, count, true)]++;
        }
        // Which slots each family takes: per slot, the longest unweighted straw of (pg, slot) among the families
        // with shards left to place, so a weight change that leaves the counts alone moves no slot between families.
        int[] left = count.clone();
        MapMiner[] result = new MapMiner[n];
        Map<MapMiner, Integer> taken = new HashMap<>();
        for (int slot = 0; slot < n; slot++) {
            int f = longest(pg, slot, left, false);
            left[f]--;
            // Within the family, the longest weighted straw of (pg, slot) among its miners not yet used: a new miner
            // takes only the slots it wins, and the miner it displaces only a slot of this stripe it already had
            // a claim to.
            Item best = null;
            double bestStraw = 0;
            for (Item item : families.get(f).miners()) {
                if (taken.getOrDefault(item.miner(), 0) < perMiner) {
                    double straw = straw(pg, slot, item.hash(), item.miner().weight());
                    if (best == null || straw > bestStraw
                            || straw == bestStraw && item.miner().nodeId().compareTo(best.miner().nodeId()) < 0) {
                        best = item;
                        bestStraw = straw;
                    }
                }
            }
            result[slot] = best.miner();
            taken.merge(best.miner(), 1, Integer::sum);
        }
        return List.of(result);
    }

    /**
     * The family with the longest straw of ({@code pg}, {@code slot}) among those that may take a shard: below
     * their limit when {@code weighted} (counts are what they hold), with some left when not (counts are what
     * they still take).
     */
    private int longest(int pg, int slot, int[] counts, boolean weighted) {
        int best = -1;
        double bestStraw = 0;
        for (int f = 0; f < families.size(); f++) {
            Family family = families.get(f);
            boolean eligible = weighted ? counts[f] < limit(family) : counts[f] > 0;
            if (eligible) {
                double straw = straw(pg, slot, family.hash(), weighted ? family.weight() : 1.0);
                if (best < 0 || straw > bestStraw) {
                    best = f;
                    bestStraw = straw;
                }
            }
        }
        return best;
    }

    /**
     * The straw2 draw of an item for shard slot {@code slot} of placement group {@code pg}: {@code ln(u) / weight}
     * with {@code u} uniform in (0, 1] from a hash of the placement group, the slot and the item; the longest
     * (largest) straw wins, so an item wins with probability proportional to its weight, and changing one item's
     * weight only moves data to or from that item.
     */
    static double straw(int pg, int slot, long itemHash, double weight) {
        return strawOf(mix(itemHash ^ (0x9E3779B97F4A7C15L * (pg + 1L)) ^ (0xD1B54A32D192ED03L * (slot + 1L))), weight);
    }

    private static double strawOf(long h, double weight) {
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
