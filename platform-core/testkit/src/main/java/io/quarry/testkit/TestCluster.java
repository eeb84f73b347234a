package io.quarry.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * N {@link TestNode}s in one JVM, each with its own data directory under a temp dir and its own ports.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.start(3, tempDir, (i, b) -> b.plugin("fleet-control", FleetPlugin::new))) {
 *     cluster.node(0).get("/health");
 * }
 * }</pre>
 */
public final class TestCluster implements AutoCloseable {

    private final List<TestNode> nodes;

    private TestCluster(List<TestNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts {@code size} nodes; {@code configure} receives each node's index and builder. If one fails to
     * start, the ones already started are closed before the exception propagates.
     */
    public static TestCluster start(int size, Path baseDir, BiFunction<Integer, TestNode.Builder, TestNode.Builder> configure) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        List<TestNode> started = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                TestNode.Builder builder = TestNode.builder(baseDir.resolve("node-" + i));
                started.add(configure.apply(i, builder).start());
            }
        } catch (RuntimeException | Error e) {
            started.forEach(TestNode::close);
            throw e;
        }
        return new TestCluster(started);
    }

    /** Node number {@code index}. */
    public TestNode node(int index) {
        return nodes.get(index);
    }

    /** All nodes in start order. */
    public List<TestNode> nodes() {
        return nodes;
    }

    /** Stops every node, last started first. */
    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
