package io.quarry.fleet.peer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A static k-d tree over points of a fixed dimension, built once from a snapshot and queried for the k
 * points nearest a target (Euclidean distance). Immutable and thread-safe; rebuild it when the points change.
 *
 * @param <T> the value carried by each point
 */
public final class KdTree<T> {

    private final int dimensions;
    private final Node<T> root;
    private final int size;

    private record Node<T>(double[] point, T value, int axis, Node<T> left, Node<T> right) {
    }

    private record Candidate<T>(T value, double distance) {
    }

    /** A point and its value. */
    public record Point<T>(double[] coordinates, T value) {
        public Point {
            Objects.requireNonNull(coordinates, "coordinates");
            coordinates = coordinates.clone();
        }
    }

    /** Builds a tree of {@code points}, all of {@code dimensions} coordinates. */
    public KdTree(int dimensions, List<Point<T>> points) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be >= 1, was " + dimensions);
        }
        for (Point<T> p : points) {
            if (p.coordinates().length != dimensions) {
                throw new IllegalArgumentException("every point needs " + dimensions + " coordinates, one has "
                        + p.coordinates().length);
            }
        }
        this.dimensions = dimensions;
        this.size = points.size();
        this.root = build(new ArrayList<>(points), 0);
    }

    /** How many points the tree holds. */
    public int size() {
        return size;
    }

    private Node<T> build(List<Point<T>> points, int depth) {
        if (points.isEmpty()) {
            return null;
        }
        int axis = depth % dimensions;
        points.sort(Comparator.comparingDouble(p -> p.coordinates()[axis]));
        int median = points.size() / 2;
        Point<T> mid = points.get(median);
        return new Node<>(mid.coordinates(), mid.value(), axis,
                build(new ArrayList<>(points.subList(0, median)), depth + 1),
                build(new ArrayList<>(points.subList(median + 1, points.size())), depth + 1));
    }

    /** The values of the {@code k} points nearest {@code target}, nearest first. */
    public List<T> nearest(double[] target, int k) {
        if (target.length != dimensions) {
            throw new IllegalArgumentException("target needs " + dimensions + " coordinates, has " + target.length);
        }
        if (k <= 0) {
            return List.of();
        }
        // A max-heap of the best k so far: its head is the worst kept candidate, the one to beat.
        PriorityQueue<Candidate<T>> best = new PriorityQueue<>(Comparator.comparingDouble((Candidate<T> c) -> c.distance()).reversed());
        search(root, target, k, best);
        List<Candidate<T>> sorted = new ArrayList<>(best);
        sorted.sort(Comparator.comparingDouble(Candidate::distance));
        return sorted.stream().map(Candidate::value).toList();
    }

    private void search(Node<T> node, double[] target, int k, PriorityQueue<Candidate<T>> best) {
        if (node == null) {
            return;
        }
        double distance = distanceSquared(node.point(), target);
        if (best.size() < k) {
            best.add(new Candidate<>(node.value(), distance));
        } else if (distance < best.peek().distance()) {
            best.poll();
            best.add(new Candidate<>(node.value(), distance));
        }
        double delta = target[node.axis()] - node.point()[node.axis()];
        Node<T> near = delta < 0 ? node.left() : node.right();
        Node<T> far = delta < 0 ? node.right() : node.left();
        search(near, target, k, best);
        // The far side can only hold a closer point if the splitting plane is closer than the worst kept one.
        if (best.size() < k || delta * delta < best.peek().distance()) {
            search(far, target, k, best);
        }
    }

    private static double distanceSquared(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public String toString() {
        return "KdTree[" + dimensions + "d, " + size + " points, root " + (root == null ? "none" : Arrays.toString(root.point())) + "]";
    }
}
