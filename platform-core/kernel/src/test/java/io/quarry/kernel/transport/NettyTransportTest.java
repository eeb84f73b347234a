package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.BLOB;
import static io.quarry.kernel.transport.Messages.DROP;
import static io.quarry.kernel.transport.Messages.ECHO;
import static io.quarry.kernel.transport.Messages.NOTE;
import static io.quarry.kernel.transport.Messages.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import io.quarry.kernel.transport.Messages.Blob;
import io.quarry.kernel.transport.Messages.Digest;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.Messages.Pong;
import io.quarry.kernel.transport.TestNodes.Node;
import io.quarry.testing.Eventually;
import io.quarry.testing.MutableClock;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NettyTransportTest {

    @Test
    void requestGetsResponseWithAuthenticatedPeerId() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(PING, (peer, ping) -> new Pong(ping.text(), ping.n() + 1, peer));

            Pong pong = client.transport().request(server.address(), PING, new Ping("hi", 41)).get(5, TimeUnit.SECONDS);

            assertThat(pong).isEqualTo(new Pong("hi", 42, client.id()));
            assertThat(server.gauge("quarry.transport.connections", "in")).isEqualTo(1);
            assertThat(client.gauge("quarry.transport.connections", "out")).isEqualTo(1);
            assertThat(client.meters().find("quarry.transport.request.latency").tag("protocol", PING.id()).timer()
                    .count()).isEqualTo(1);
            assertThat(client.meters().find("quarry.transport.bytes").tag("direction", "out").counter().count())
                    .isPositive();
        }
    }

    @Test
    void oneWayMessageReachesHandler() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CompletableFuture<String> received = new CompletableFuture<>();
            server.transport().register(NOTE, (peer, note) -> {
                received.complete(peer + ":" + note.text());
                return null;
            });

            client.transport().send(server.address(), NOTE, new Ping("note", 1)).get(5, TimeUnit.SECONDS);

            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(client.id() + ":note");
        }
    }

    @Test
    void dialingWrongNodeIdFailsWithBothIds() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            String other = TestNodes.nodeId(TestNodes.newKeys());
            server.transport().register(PING, (peer, ping) -> new Pong("x", 0, peer));
            int port = server.transport().listenAddress().getPort();

            CompletableFuture<Pong> call = client.transport().request(new PeerAddress(other, "127.0.0.1", port), PING,
                    new Ping("hi", 1));

            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessage("expected node " + other + " but the peer at 127.0.0.1:" + port + " is " + server.id());
            assertThat(client.errors("wrong_node")).isEqualTo(1);
        }
    }

    @Test
    void requestTimesOutWhenHandlerIsSlow() throws Exception {
        Protocol<Ping, Pong> slow = PING.withTimeout(Duration.ofMillis(200));
        CountDownLatch never = new CountDownLatch(1);
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(slow, (peer, ping) -> {
                never.await();
                return new Pong("late", 0, peer);
            });

            CompletableFuture<Pong> call = client.transport().request(server.address(), slow, new Ping("hi", 1));

            assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("timed out after 200 ms");
        } finally {
            never.countDown();
        }
    }

    @Test
    void protocolThePeerDoesNotServeFailsFast() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(PING, (peer, ping) -> new Pong("x", 0, peer));

            CompletableFuture<Digest> call = client.transport().request(server.address(), BLOB, new Blob(new byte[1]));

            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("does not serve protocol test/blob/1 (it serves [test/ping/1])");
        }
    }

    @Test
    void largeArraysCrossAsRawSectionsBothWaysAndOneWay() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CompletableFuture<byte[]> dropped = new CompletableFuture<>();
            server.transport().register(ECHO, (peer, blob) -> new Blob(reversed(blob.data())));
            server.transport().register(DROP, (peer, blob) -> {
                dropped.complete(blob.data());
                return null;
            });
            byte[] data = new byte[3 * 1024 * 1024 + 11];
            new Random(3).nextBytes(data);

            Blob echoed = client.transport().request(server.address(), ECHO, new Blob(data))
                    .get(10, TimeUnit.SECONDS);
            client.transport().send(server.address(), DROP, new Blob(data)).get(10, TimeUnit.SECONDS);

            assertThat(echoed.data()).isEqualTo(reversed(data));
            assertThat(dropped.get(10, TimeUnit.SECONDS)).isEqualTo(data);
            assertThat(server.errors("undecodable")).isZero();
        }
    }

    private static byte[] reversed(byte[] data) {
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[data.length - 1 - i];
        }
        return out;
    }

    @Test
    void oversizeMessageIsRefusedBeforeSending() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(BLOB, (peer, blob) -> new Digest(blob.data().length, ""));

            CompletableFuture<Digest> call = client.transport().request(server.address(), BLOB,
                    new Blob(new byte[5000]));

            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("exceeds its limit of 4096 bytes");
            assertThat(client.transport().request(server.address(), BLOB, new Blob(new byte[3000]))
                    .get(5, TimeUnit.SECONDS).bytes()).isEqualTo(3000);
        }
    }

    @Test
    void oversizeResponseBecomesAnError() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(BLOB, (peer, blob) -> new Digest(0, "x".repeat(5000)));

            CompletableFuture<Digest> call = client.transport().request(server.address(), BLOB, new Blob(new byte[1]));

            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("exceeds its limit of 4096 bytes").hasMessageContaining("(too_large)");
        }
    }

    @Test
    void handlerFailureReachesCallerAsMessage() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(PING, (peer, ping) -> {
                throw new IllegalStateException("no pong today");
            });

            CompletableFuture<Pong> call = client.transport().request(server.address(), PING, new Ping("hi", 1));

            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("IllegalStateException: no pong today").hasMessageContaining("handler_failed");
            // The connection survives a failed handler.
            server.transport().register(Messages.NOTE, (peer, note) -> null);
            assertThat(server.gauge("quarry.transport.connections", "in")).isEqualTo(1);
        }
    }

    @Test
    void protocolRegisteredAfterConnectingBecomesUsable() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(PING, (peer, ping) -> new Pong("x", 0, peer));
            client.transport().request(server.address(), PING, new Ping("hi", 1)).get(5, TimeUnit.SECONDS);

            server.transport().register(BLOB, (peer, blob) -> new Digest(blob.data().length, "late"));

            AtomicReference<Digest> digest = new AtomicReference<>();
            Eventually.until("served test/blob/1", () -> {
                try {
                    digest.set(client.transport().request(server.address(), BLOB, new Blob(new byte[7])).join());
                    return true;
                } catch (CompletionException e) {
                    assertThat(e.getCause()).hasMessageContaining("does not serve");
                    return false;
                }
            });
            assertThat(digest.get()).isEqualTo(new Digest(7, "late"));
            assertThat(server.gauge("quarry.transport.connections", "in")).isEqualTo(1);
        }
    }

    @Test
    void transportCreatedBeforeListeningRegistersCallsAndThenAccepts() throws Exception {
        KeyPair keys = TestNodes.newKeys();
        try (TestNodes nodes = new TestNodes();
             NettyTransport late = NettyTransport.create(TestNodes.FAST, keys, TestNodes.nodeId(keys), nodes.handlers,
                     new SimpleMeterRegistry())) {
            Node server = nodes.start();
            server.transport().register(PING, (peer, ping) -> new Pong("early", ping.n(), peer));
            late.register(PING, (peer, ping) -> new Pong("late", ping.n(), peer));
            assertThatThrownBy(late::listenAddress).isInstanceOf(IllegalStateException.class);

            assertThat(late.request(server.address(), PING, new Ping("out", 1)).get(5, TimeUnit.SECONDS).text())
                    .isEqualTo("early");
            late.listen(new InetSocketAddress("127.0.0.1", 0));
            PeerAddress lateAddress = new PeerAddress(late.nodeId(), "127.0.0.1", late.listenAddress().getPort());
            Node third = nodes.start();
            assertThat(third.transport().request(lateAddress, PING, new Ping("in", 2)).get(5, TimeUnit.SECONDS).text())
                    .isEqualTo("late");
            assertThatThrownBy(() -> late.listen(new InetSocketAddress("127.0.0.1", 0)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already listening");
        }
    }

    @Test
    void registeringTwiceIsRefused() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node node = nodes.start();
            node.transport().register(PING, (peer, ping) -> null);

            assertThatThrownBy(() -> node.transport().register(PING, (peer, ping) -> null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
            assertThatThrownBy(() -> node.transport().register(Protocol.of("test/huge/1", Ping.class, Pong.class)
                    .withMaxMessageBytes(64 << 20), (p, q) -> null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transport.max_frame_bytes");
        }
    }

    @Test
    void closeFailsPendingCallsWithoutWaitingForHandlersAndTwiceIsHarmless() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(PING, (peer, ping) -> {
                entered.countDown();
                release.await();
                return null;
            });
            CompletableFuture<Pong> call = client.transport().request(server.address(), PING, new Ping("hi", 1));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            server.transport().close();
            server.transport().close();

            // close() returned while the handler is still blocked: it does not wait for handlers to finish.
            assertThat(release.getCount()).isEqualTo(1);
            assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("closed");
        } finally {
            release.countDown();
        }
    }

    @Test
    void idleConnectionClosesAndReconnectsOnDemand() throws Exception {
        TransportSettings quickIdle = TestNodes.FAST.withConnectionReuse(Duration.ofMillis(200), Duration.ofMillis(50),
                Duration.ofMillis(400));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(quickIdle);
            Node client = nodes.start(quickIdle);
            server.transport().register(PING, (peer, ping) -> new Pong("x", ping.n(), peer));
            client.transport().request(server.address(), PING, new Ping("a", 1)).get(5, TimeUnit.SECONDS);

            Eventually.until("idle connection closed",
                    () -> client.gauge("quarry.transport.connections", "out") == 0);

            assertThat(client.gauge("quarry.transport.connections", "out")).isZero();
            assertThat(client.transport().request(server.address(), PING, new Ping("b", 2)).get(5, TimeUnit.SECONDS)
                    .n()).isEqualTo(2);
        }
    }

    @Test
    void unreachablePeerBacksOffThenRetries() throws Exception {
        // The backoff reads a clock the test moves, so "inside it" and "after it" do not depend on load.
        TransportSettings slowRetry = TestNodes.FAST.withConnectionReuse(Duration.ofMinutes(1), Duration.ofSeconds(10),
                Duration.ofSeconds(20));
        MutableClock clock = new MutableClock(0);
        try (TestNodes nodes = new TestNodes()) {
            Node client = nodes.start(slowRetry, clock);
            Node gone = nodes.start();
            PeerAddress address = gone.address();
            gone.transport().close();

            assertThatThrownBy(() -> client.transport().request(address, PING, new Ping("a", 1)).get(5, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("cannot connect to 127.0.0.1:" + address.port());
            assertThatThrownBy(() -> client.transport().request(address, PING, new Ping("a", 1)).get(10, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("next attempt in");
            clock.advance(Duration.ofSeconds(9));
            assertThatThrownBy(() -> client.transport().request(address, PING, new Ping("a", 1)).get(10, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("next attempt in");
            clock.advance(Duration.ofSeconds(12));
            assertThatThrownBy(() -> client.transport().request(address, PING, new Ping("a", 1)).get(5, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("cannot connect to");
        }
    }
}
