package io.quarry.kernel.transport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.transport.PeerAddress;
import io.quarry.testing.MutableClock;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/** Loopback transports for tests: port 0, fresh keys, short timeouts; closes everything it started. */
final class TestNodes implements AutoCloseable {

    /** Short limits so failure paths finish in well under a second. */
    static final TransportSettings FAST = TransportSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5))
            .withConnectionReuse(Duration.ofMinutes(1), Duration.ofMillis(50), Duration.ofMillis(400));

    private final List<NettyTransport> started = new ArrayList<>();
    final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    /** A node with its own key pair and meters. */
    Node start(TransportSettings settings) {
        return start(settings, newKeys(), 0);
    }

    Node start() {
        return start(FAST);
    }

    /** A node with the given keys on the given loopback port (0 picks one). */
    Node start(TransportSettings settings, KeyPair keys, int port) {
        return start(settings, keys, port, System::nanoTime);
    }

    /** A node whose redial backoff reads time from {@code clock} (moved by the test). */
    Node start(TransportSettings settings, MutableClock clock) {
        return start(settings, newKeys(), 0, () -> clock.millis() * 1_000_000L);
    }

    private Node start(TransportSettings settings, KeyPair keys, int port, LongSupplier nanoTime) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String id = nodeId(keys);
        NettyTransport transport = NettyTransport.create(settings, keys, id, handlers, meters, nanoTime);
        started.add(transport);
        transport.listen(new InetSocketAddress("127.0.0.1", port));
        return new Node(transport, keys, meters);
    }

    static KeyPair newKeys() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String nodeId(KeyPair keys) {
        byte[] spki = keys.getPublic().getEncoded();
        return HexFormat.of().formatHex(spki, spki.length - 32, spki.length);
    }

    @Override
    public void close() {
        for (NettyTransport transport : started.reversed()) {
            transport.close();
        }
        handlers.shutdownNow();
    }

    /** A started transport and what a test needs to reach and inspect it. */
    record Node(NettyTransport transport, KeyPair keys, SimpleMeterRegistry meters) {

        String id() {
            return transport.nodeId();
        }

        PeerAddress address() {
            return new PeerAddress(id(), "127.0.0.1", transport.listenAddress().getPort());
        }

        double errors(String reason) {
            var counter = meters.find("quarry.transport.protocol.errors").tag("reason", reason).counter();
            return counter == null ? 0 : counter.count();
        }

        double gauge(String name, String direction) {
            var gauge = meters.find(name).tag("direction", direction).gauge();
            return gauge == null ? 0 : gauge.value();
        }
    }
}
