package io.quarry.storage.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrushPlacementTest {

    static String nodeId(int i) {
        return String.format("%064x", i + 1);
    }

    static MapMiner miner(int i, String family) {
        return new MapMiner(nodeId(i), family, 1.0, "127.0.0.1", 20000 + i);
    }

    /** {@code perFamily[f]} miners in family "f{f}". */
    static ClusterMap map(long epoch, int data, int parity, int... perFamily) {
        List<MapMiner> miners = new ArrayList<>();
        int n = 0;
        for (int f = 0; f < perFamily.length; f++) {
            for (int i = 0; i < perFamily[f]; i++) {
                miners.add(miner(n++, "f" + f));
            }
        }
        return new ClusterMap(epoch, 256, data, parity, miners);
    }

    @Test
    void sameMapGivesTheSamePlacementEverywhere() {
        ClusterMap map = map(3, 4, 2, 2, 2, 2);
        CrushPlacement a = new CrushPlacement(map);
        CrushPlacement b = new CrushPlacement(new ClusterMap(3, 256, 4, 2, new ArrayList<>(map.miners()).reversed()));
        for (int pg = 0; pg < 256; pg++) {
            assertThat(a.minersOf(pg)).isEqualTo(b.minersOf(pg));
        }
        assertThat(a.pgOf("file-1", 7)).isEqualTo(b.pgOf("file-1", 7)).isBetween(0, 255);
    }

    @Test
    void threeFamiliesOfTwoHoldTwoShardsEachOfEveryStripe() {
        CrushPlacement placement = new CrushPlacement(map(1, 4, 2, 2, 2, 2));
        for (int pg = 0; pg < 256; pg++) {
            List<MapMiner> miners = placement.minersOf(pg);
            assertThat(miners).hasSize(6).doesNotHaveDuplicates();
            Map<String, Integer> perFamily = new HashMap<>();
            miners.forEach(m -> perFamily.merge(m.familyId(), 1, Integer::sum));
            assertThat(perFamily).containsOnly(Map.entry("f0", 2), Map.entry("f1", 2), Map.entry("f2", 2));
        }
    }

    @Test
    void losingAnyOneFamilyLeavesEnoughShardsOnRandomMaps() {
        Random random = new Random(5);
        int checked = 0;
        for (int round = 0; round < 200; round++) {
            int data = 1 + random.nextInt(10);
            int parity = 1 + random.nextInt(10);
            int[] sizes = new int[1 + random.nextInt(8)];
            for (int f = 0; f < sizes.length; f++) {
                sizes[f] = 1 + random.nextInt(6);
            }
            CrushPlacement placement;
            try {
                placement = new CrushPlacement(map(round, data, parity, sizes));
            } catch (PlacementException impossible) {
                continue;
            }
            checked++;
            for (int pg = 0; pg < 256; pg += 7) {
                List<MapMiner> miners = placement.minersOf(pg);
                assertThat(miners).hasSize(data + parity).doesNotHaveDuplicates();
                Map<String, Integer> perFamily = new HashMap<>();
                miners.forEach(m -> perFamily.merge(m.familyId(), 1, Integer::sum));
                assertThat(perFamily.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(parity));
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void refusesAMapThatCannotSurviveTheLossOfAFamily() {
        assertThatThrownBy(() -> new CrushPlacement(map(9, 4, 2, 2, 2)))
                .isInstanceOf(PlacementException.class)
                .hasMessageContaining("epoch 9").hasMessageContaining("cannot place 6 shards")
                .hasMessageContaining("parity_shards = 2").hasMessageContaining("can hold only 4");
        assertThatThrownBy(() -> new CrushPlacement(map(1, 1, 0, 1))).hasMessageContaining("can hold only 0");
        assertThatThrownBy(() -> new CrushPlacement(map(1, 2, 1))).hasMessageContaining("no miners");
    }

    static ClusterMap colocating(ClusterMap map) {
        return new ClusterMap(map.epoch(), map.pgCount(), map.dataShards(), map.parityShards(), map.miners(), true);
    }

    @Test
    void aColocatingMapOfOneMinerPutsEveryShardOnIt() {
        assertThatThrownBy(() -> new CrushPlacement(map(1, 4, 2, 1))).hasMessageContaining("allow_colocated_shards");
        CrushPlacement placement = new CrushPlacement(colocating(map(1, 4, 2, 1)));
        assertThat(placement.relaxed()).isTrue();
        for (int pg = 0; pg < 256; pg++) {
            assertThat(placement.minersOf(pg)).hasSize(6).containsOnly(miner(0, "f0"));
        }
    }

    @Test
    void aColocatingMapOfTooFewMinersSpreadsShardsAsEvenlyAsItCan() {
        // Two families of two: the rules allow 4 of 6 shards; colocation lets each miner hold up to ceil(6/4) = 2.
        CrushPlacement placement = new CrushPlacement(colocating(map(1, 4, 2, 2, 2)));
        assertThat(placement.relaxed()).isTrue();
        for (int pg = 0; pg < 256; pg++) {
            Map<MapMiner, Integer> perMiner = new HashMap<>();
            placement.minersOf(pg).forEach(m -> perMiner.merge(m, 1, Integer::sum));
            assertThat(perMiner.values()).allMatch(count -> count <= 2);
            assertThat(perMiner.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
        }
    }

    @Test
    void aColocatingMapThatCanMeetTheRulesIsPlacedByThem() {
        ClusterMap strict = map(1, 4, 2, 2, 2, 2);
        CrushPlacement plain = new CrushPlacement(strict);
        CrushPlacement allowed = new CrushPlacement(colocating(strict));
        assertThat(allowed.relaxed()).isFalse();
        for (int pg = 0; pg < 256; pg++) {
            assertThat(allowed.minersOf(pg)).isEqualTo(plain.minersOf(pg)).doesNotHaveDuplicates();
        }
    }

    @Test
    void refusesDuplicateMiners() {
        ClusterMap map = new ClusterMap(1, 8, 1, 1, List.of(miner(0, "a"), miner(1, "b"), miner(0, "c")));
        assertThatThrownBy(() -> new CrushPlacement(map)).hasMessageContaining("twice");
    }

    @Test
    void loadFollowsWeightWithinAFamily() {
        List<MapMiner> miners = List.of(
                new MapMiner(nodeId(0), "a", 1, "127.0.0.1", 1), new MapMiner(nodeId(1), "a", 3, "127.0.0.1", 2),
                new MapMiner(nodeId(2), "b", 1, "127.0.0.1", 3), new MapMiner(nodeId(3), "b", 1, "127.0.0.1", 4));
        CrushPlacement placement = new CrushPlacement(new ClusterMap(1, 4096, 1, 1, miners));
        Map<String, Integer> load = new HashMap<>();
        for (int pg = 0; pg < 4096; pg++) {
            placement.minersOf(pg).forEach(m -> load.merge(m.nodeId(), 1, Integer::sum));
        }
        // Family a takes one shard of each pg; inside it the weight-3 miner should win about 3/4 of them.
        assertThat(load.get(nodeId(1)) / 4096.0).isBetween(0.70, 0.80);
        assertThat(load.get(nodeId(2)) / 4096.0).isBetween(0.45, 0.55);
    }

    @Test
    void addingAMinerMovesOnlyShardsToIt() {
        CrushPlacement before = new CrushPlacement(map(1, 2, 2, 3, 3));
        List<MapMiner> grown = new ArrayList<>(before.map().miners());
        grown.add(miner(99, "f0"));
        CrushPlacement after = new CrushPlacement(new ClusterMap(2, 256, 2, 2, grown));
        int toNew = 0;
        for (int pg = 0; pg < 256; pg++) {
            Set<MapMiner> old = new HashSet<>(before.minersOf(pg));
            for (MapMiner miner : after.minersOf(pg)) {
                if (!old.contains(miner)) {
                    assertThat(miner.nodeId()).isEqualTo(nodeId(99));
                    toNew++;
                }
            }
        }
        assertThat(toNew).isPositive();
        // Slot by slot (shard i of each stripe stays where it was unless the new miner changed its draw), few move:
        // about the new miner's share of the slots (1/4 of family f0's half, 1/8), not a reshuffle.
        assertThat(movedSlots(before, after)).isLessThan(0.18);
    }

    @Test
    void addingAFamilyMovesFewSlots() {
        CrushPlacement before = new CrushPlacement(map(1, 4, 2, 2, 2, 2, 2));
        List<MapMiner> grown = new ArrayList<>(before.map().miners());
        grown.add(miner(98, "f9"));
        grown.add(miner(99, "f9"));
        CrushPlacement after = new CrushPlacement(new ClusterMap(2, 256, 4, 2, grown));
        // The new family has 2 of the 10 miners' weight: about a fifth of the slots move to it, plus a few
        // reassigned among the old families; a reshuffle would move most.
        assertThat(movedSlots(before, after)).isLessThan(0.35);
    }

    /** The fraction of (placement group, shard index) slots whose miner differs between the two placements. */
    static double movedSlots(CrushPlacement before, CrushPlacement after) {
        int moved = 0;
        int slots = 0;
        for (int pg = 0; pg < 256; pg++) {
            List<MapMiner> old = before.minersOf(pg);
            List<MapMiner> now = after.minersOf(pg);
            for (int i = 0; i < old.size(); i++) {
                slots++;
                if (!old.get(i).equals(now.get(i))) {
                    moved++;
                }
            }
        }
        return moved / (double) slots;
    }

    @Test
    void pgsOfListsExactlyThePlacementGroupsAMinerHolds() {
        CrushPlacement placement = new CrushPlacement(map(1, 4, 2, 2, 2, 2));
        Map<Integer, List<Integer>> pgs = placement.pgsOf(nodeId(3));
        for (int pg = 0; pg < 256; pg++) {
            List<MapMiner> miners = placement.minersOf(pg);
            int index = miners.indexOf(miners.stream().filter(m -> m.nodeId().equals(nodeId(3))).findFirst().orElse(null));
            if (index >= 0) {
                assertThat(pgs).containsEntry(pg, List.of(index));
            } else {
                assertThat(pgs).doesNotContainKey(pg);
            }
        }
    }

    @Test
    void pgsOfListsEveryShardIndexAColocatingMinerHolds() {
        // Two miners for six shards: each holds three of every stripe, and pgsOf must name all three.
        CrushPlacement placement = new CrushPlacement(new ClusterMap(1, 32, 4, 2, List.of(
                new MapMiner(nodeId(0), "f", 1, "127.0.0.1", 1000), new MapMiner(nodeId(1), "f", 1, "127.0.0.1", 1001)), true));
        assertThat(placement.relaxed()).isTrue();
        for (int m = 0; m < 2; m++) {
            Map<Integer, List<Integer>> pgs = placement.pgsOf(nodeId(m));
            assertThat(pgs).hasSize(32);
            for (int pg = 0; pg < 32; pg++) {
                List<Integer> expected = new ArrayList<>();
                List<MapMiner> miners = placement.minersOf(pg);
                for (int i = 0; i < miners.size(); i++) {
                    if (miners.get(i).nodeId().equals(nodeId(m))) {
                        expected.add(i);
                    }
                }
                assertThat(pgs.get(pg)).hasSize(3).isEqualTo(expected);
            }
        }
    }
}
