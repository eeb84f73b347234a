package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.NOTE;
import static io.quarry.kernel.transport.Messages.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.Payload;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.Messages.Pong;
import io.quarry.kernel.transport.PayloadTest.Chunk;
import io.quarry.kernel.transport.PayloadTest.Sum;
import io.quarry.kernel.transport.TestNodes.Node;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handlers registered with {@code registerNonBlocking}: served on the event loop, otherwise as any handler. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NonBlockingHandlerTest {

    private static final Protocol<Ping, Pong> OTHER = Protocol.of("test/ping-blocking/1", Ping.class, Pong.class);

    @Test
    void aNonBlockingHandlerRunsOnTheEventLoopAndTheDefaultOnAVirtualThread() throws Exception {
        AtomicReference<Thread> nonBlocking = new AtomicReference<>();
        AtomicReference<Thread> blocking = new AtomicReference<>();
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerNonBlocking(PING, (peer, ping) -> {
                nonBlocking.set(Thread.currentThread());
                return new Pong(ping.text(), ping.n() + 1, peer);
            });
            server.transport().register(OTHER, (peer, ping) -> {
                blocking.set(Thread.currentThread());
                return new Pong(ping.text(), ping.n() + 2, peer);
            });

            Pong pong = client.transport().request(server.address(), PING, new Ping("hi", 1)).join();
            Pong other = client.transport().request(server.address(), OTHER, new Ping("ho", 1)).join();

            assertThat(pong).isEqualTo(new Pong("hi", 2, client.id()));
            assertThat(other).isEqualTo(new Pong("ho", 3, client.id()));
            assertThat(nonBlocking.get().isVirtual()).isFalse();
            assertThat(nonBlocking.get().getName()).startsWith("quarry-transport");
            assertThat(blocking.get().isVirtual()).isTrue();
        }
    }

    @Test
    void aNonBlockingHandlersFailureReachesTheCallerAndTheConnectionStays() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerNonBlocking(PING, (peer, ping) -> {
                if (ping.n() < 0) {
                    throw new IllegalArgumentException("negative " + ping.n());
                }
                return new Pong(ping.text(), ping.n(), peer);
            });

            CompletableFuture<Pong> failed = client.transport().request(server.address(), PING, new Ping("x", -1));

            assertThatThrownBy(failed::join).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("IllegalArgumentException: negative -1");
            assertThat(client.transport().request(server.address(), PING, new Ping("y", 5)).join())
                    .isEqualTo(new Pong("y", 5, client.id()));
            assertThat(server.gauge("quarry.transport.connections", "in")).isEqualTo(1);
        }
    }

    @Test
    void aNonBlockingOneWayHandlerGetsTheMessage() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerNonBlocking(NOTE, (peer, note) -> {
                received.complete(note.text() + " on " + Thread.currentThread().getName());
                return null;
            });

            client.transport().send(server.address(), NOTE, new Ping("note", 1)).join();

            assertThat(received.get(5, TimeUnit.SECONDS)).startsWith("note on quarry-transport");
        }
    }

    @Test
    void aPayloadSeenByANonBlockingHandlerIsUnusableOnceItReturned() throws Exception {
        AtomicReference<Payload> kept = new AtomicReference<>();
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerNonBlocking(PayloadTest.STORE, (peer, chunk) -> {
                kept.set(chunk.data());
                return new Sum(chunk.name(), chunk.data().length(), Integer.toString(chunk.data().toByteArray()[7]));
            });
            byte[] data = new byte[200_000];
            data[7] = 42;

            Sum sum = client.transport().request(server.address(), PayloadTest.STORE, new Chunk("c", Payload.wrap(data)))
                    .join();

            assertThat(sum).isEqualTo(new Sum("c", 200_000, "42"));
            assertThatThrownBy(kept.get()::toByteArray).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("released");
        }
    }

    @Test
    void theCallersDependentStagesNeverRunOnAnEventLoop() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerNonBlocking(PING, (peer, ping) -> new Pong(ping.text(), ping.n(), peer));

            for (int i = 0; i < 50; i++) {
                CompletableFuture<Pong> call = client.transport().request(server.address(), PING, new Ping("p", i));
                CompletableFuture<Thread> dependent = call.thenApply(pong -> Thread.currentThread());
                // The caller waits in join on the call itself (its completion may run on this thread) or on a
                // dependent (the completion then runs on a handler thread).
                if (i % 2 == 0) {
                    call.join();
                } else {
                    dependent.join();
                }

                assertThat(dependent.join().getName()).doesNotStartWith("quarry-transport");
            }
        }
    }
}
