package io.quarry.fleet.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KdTreeTest {

    @Test
    void nearestAgreesWithABruteForceScanOnRandomPoints() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            int n = 1 + random.nextInt(300);
            List<KdTree.Point<Integer>> points = new ArrayList<>();
            List<double[]> coords = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double[] c = {random.nextDouble() * 100, random.nextInt(5), random.nextDouble() * 1000, random.nextDouble()};
                coords.add(c);
                points.add(new KdTree.Point<>(c, i));
            }
            KdTree<Integer> tree = new KdTree<>(4, points);
            double[] target = {random.nextDouble() * 100, random.nextInt(5), random.nextDouble() * 1000, random.nextDouble()};
            int k = 1 + random.nextInt(10);

            List<Integer> expected = IntStream.range(0, n).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> distance(coords.get(i), target)))
                    .limit(k).toList();
            List<Integer> found = tree.nearest(target, k);

            assertThat(found.stream().map(i -> distance(coords.get(i), target)).toList())
                    .isEqualTo(expected.stream().map(i -> distance(coords.get(i), target)).toList());
        }
    }

    @Test
    void anEmptyTreeFindsNothingAndKBeyondSizeGivesAll() {
        assertThat(new KdTree<String>(2, List.of()).nearest(new double[2], 3)).isEmpty();
        KdTree<String> two = new KdTree<>(2, List.of(new KdTree.Point<>(new double[] {5, 5}, "far"),
                new KdTree.Point<>(new double[] {1, 1}, "near")));
        assertThat(two.nearest(new double[2], 10)).containsExactly("near", "far");
    }

    @Test
    void pointsOfTheWrongDimensionAreRefused() {
        assertThatThrownBy(() -> new KdTree<>(3, List.of(new KdTree.Point<>(new double[] {1, 2}, "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 coordinates");
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }
}
