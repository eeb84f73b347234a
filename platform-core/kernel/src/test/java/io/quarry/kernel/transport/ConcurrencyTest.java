package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.Messages.Pong;
import io.quarry.kernel.transport.TestNodes.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrencyTest {

    private static final Protocol<Ping, Pong> LIMITED = PING.withMaxConcurrent(2).withTimeout(Duration.ofSeconds(3));

    @Test
    void thousandConcurrentRequestsAllAnswered() throws Exception {
        // Generous: this is about losing nothing, not speed, on a machine shared with other builds.
        Protocol<Ping, Pong> patient = PING.withTimeout(Duration.ofSeconds(25));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(patient, (peer, ping) -> new Pong(ping.text(), ping.n() * 2, peer));
            List<CompletableFuture<Pong>> calls = new ArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                CompletableFuture<Pong> result = new CompletableFuture<>();
                calls.add(result);
                callers.add(Thread.ofVirtual().start(() -> client.transport().request(server.address(), patient,
                        new Ping("n" + n, n)).whenComplete((pong, error) -> {
                            if (error != null) {
                                result.completeExceptionally(error);
                            } else {
                                result.complete(pong);
                            }
                        })));
            }

            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            for (int i = 0; i < 1000; i++) {
                assertThat(calls.get(i).join()).isEqualTo(new Pong("n" + i, 2 * i, client.id()));
            }
            assertThat(server.gauge("quarry.transport.connections", "in")).isEqualTo(1);
        }
    }

    @Test
    void cancellingARequestsFutureGivesItsSlotBack() throws Exception {
        // The caller keeps one call in flight; the server could run two, so only the caller's slot is at stake.
        Protocol<Ping, Pong> single = PING.withMaxConcurrent(1).withTimeout(Duration.ofSeconds(30));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.transport().register(PING.withMaxConcurrent(2), (peer, ping) -> {
                if (ping.n() == 1) {
                    started.countDown();
                    release.await(); // never answers while the test runs
                }
                return new Pong("ok", ping.n(), peer);
            });
            CompletableFuture<Pong> stuck = client.transport().request(server.address(), single, new Ping("a", 1));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(stuck.cancel(true)).isTrue();

            // Without the slot back, this caller would wait for the stuck call's 30 s timeout.
            CompletableFuture<Pong> next = CompletableFuture.supplyAsync(
                    () -> client.transport().request(server.address(), single, new Ping("b", 2)).join());
            assertThat(next.get(15, TimeUnit.SECONDS).n()).isEqualTo(2);
            release.countDown();
        }
    }

    @Test
    void callersBeyondTheProtocolLimitWaitForASlot() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            server.transport().register(LIMITED, (peer, ping) -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await();
                running.decrementAndGet();
                return new Pong("ok", ping.n(), peer);
            });
            CompletableFuture<Pong> first = client.transport().request(server.address(), LIMITED, new Ping("a", 1));
            CompletableFuture<Pong> second = client.transport().request(server.address(), LIMITED, new Ping("b", 2));
            AtomicReference<CompletableFuture<Pong>> third = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() ->
                    third.set(client.transport().request(server.address(), LIMITED, new Ping("c", 3))));

            Thread.sleep(300);
            assertThat(caller.isAlive()).as("the third caller waits for a slot").isTrue();
            release.countDown();
            caller.join(5000);

            assertThat(first.get(5, TimeUnit.SECONDS).n()).isEqualTo(1);
            assertThat(second.get(5, TimeUnit.SECONDS).n()).isEqualTo(2);
            assertThat(third.get().get(5, TimeUnit.SECONDS).n()).isEqualTo(3);
            assertThat(peak.get()).isEqualTo(2);
        }
    }

    @Test
    void callerGivesUpWhenNoSlotFreesInTime() throws Exception {
        Protocol<Ping, Pong> quick = LIMITED.withTimeout(Duration.ofMillis(300));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CountDownLatch release = new CountDownLatch(1);
            server.transport().register(quick, (peer, ping) -> {
                release.await();
                return new Pong("ok", ping.n(), peer);
            });
            client.transport().request(server.address(), quick, new Ping("a", 1));
            client.transport().request(server.address(), quick, new Ping("b", 2));

            CompletableFuture<Pong> third = client.transport().request(server.address(), quick, new Ping("c", 3));

            assertThatThrownBy(() -> third.get(1, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("already has its limit of 2 calls in flight");
            release.countDown();
        }
    }

    @Test
    void serverAtItsLimitAnswersBusy() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node first = nodes.start();
            Node second = nodes.start();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(2);
            server.transport().register(LIMITED, (peer, ping) -> {
                started.countDown();
                release.await();
                return new Pong("ok", ping.n(), peer);
            });
            CompletableFuture<Pong> a = first.transport().request(server.address(), LIMITED, new Ping("a", 1));
            CompletableFuture<Pong> b = first.transport().request(server.address(), LIMITED, new Ping("b", 2));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Pong> refused = second.transport().request(server.address(), LIMITED, new Ping("c", 3));

            assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("is handling its limit of 2 concurrent requests").hasMessageContaining("busy");
            release.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS).n() + b.get(5, TimeUnit.SECONDS).n()).isEqualTo(3);
        }
    }

    @Test
    void fiveNodesTalkAllToAllOverOneConnectionPerPair() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            List<Node> cluster = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Node node = nodes.start();
                node.transport().register(PING, (peer, ping) -> new Pong(ping.text(), ping.n(), peer));
                cluster.add(node);
            }
            // Lower index dials first, so the higher index's calls reuse the accepted connection.
            for (boolean reverse : new boolean[] {false, true}) {
                List<CompletableFuture<Void>> checks = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    for (int j = i + 1; j < 5; j++) {
                        Node caller = cluster.get(reverse ? j : i);
                        Node callee = cluster.get(reverse ? i : j);
                        checks.add(caller.transport().request(callee.address(), PING, new Ping(callee.id(), i * 5 + j))
                                .thenAccept(pong -> assertThat(pong.peer()).isEqualTo(caller.id())));
                    }
                }
                CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            }

            for (Node node : cluster) {
                double connections = node.gauge("quarry.transport.connections", "in")
                        + node.gauge("quarry.transport.connections", "out");
                assertThat(connections).as("connections of one node").isEqualTo(4);
            }
        }
    }
}
