package io.quarry.storage.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import io.quarry.testing.Eventually;
import io.quarry.testkit.TestNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls a node addresses to itself run its own handlers in process, as itself; the rest use the network. */
class InProcessTransportTest {

    record Ping(String text) {
    }

    record Pong(String from, String text) {
    }

    static final Protocol<Ping, Pong> ECHO = Protocol.of("test/echo/1", Ping.class, Pong.class);
    static final Protocol<Ping, Pong> UPLOAD = Protocol.of("test/upload/1", Ping.class, Pong.class);
    static final Protocol<Ping, Void> DOWNLOAD = Protocol.oneWay("test/download/1", Ping.class);
    static final Protocol<Ping, Pong> UNSERVED = Protocol.of("test/unserved/1", Ping.class, Pong.class);

    @TempDir
    Path dir;

    @Test
    void callsToItselfRunItsHandlersAsItselfAndOthersGoOverTheNetwork() throws Exception {
        try (TestNode a = TestNode.builder(dir.resolve("a")).start();
             TestNode b = TestNode.builder(dir.resolve("b")).start();
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            InProcessTransport transport = new InProcessTransport(a.transport(), a.nodeId(), executor);
            transport.register(ECHO, (peer, ping) -> new Pong(peer, ping.text()));
            transport.registerUpload(UPLOAD, (peer, header, body) ->
                    new Pong(peer, header.text() + new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            transport.registerDownload(DOWNLOAD, (peer, ping) ->
                    new ByteArrayInputStream((peer + ping.text()).getBytes(StandardCharsets.UTF_8)));
            b.transport().register(ECHO, (peer, ping) -> new Pong(peer, "b:" + ping.text()));
            PeerAddress self = a.peerAddress();

            assertThat(transport.request(self, ECHO, new Ping("hi")).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new Pong(a.nodeId(), "hi"));
            assertThat(transport.upload(self, UPLOAD, new Ping("x"), new ByteArrayInputStream("yz".getBytes(
                    StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS)).isEqualTo(new Pong(a.nodeId(), "xyz"));
            try (InputStream in = transport.download(self, DOWNLOAD, new Ping("!")).get(10, TimeUnit.SECONDS)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(a.nodeId() + "!");
            }
            // Another node is reached over the network and sees this node as the caller.
            assertThat(transport.request(b.peerAddress(), ECHO, new Ping("hi")).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new Pong(a.nodeId(), "b:hi"));
            // The registration also reached the network: b can call a's handler.
            assertThat(b.transport().request(self, ECHO, new Ping("yo")).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new Pong(b.nodeId(), "yo"));
            assertThatThrownBy(() -> transport.request(self, UNSERVED, new Ping("?")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TransportException.class)
                    .hasMessageContaining("does not serve test/unserved/1");
            transport.register(UNSERVED, (peer, ping) -> {
                throw new IllegalStateException("refused " + ping.text());
            });
            assertThatThrownBy(() -> transport.request(self, UNSERVED, new Ping("?")).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TransportException.class).hasMessageContaining("refused ?");
        }
    }

    /** A body or stream that remembers being closed. */
    static final class Tracked extends ByteArrayInputStream {
        final AtomicBoolean closed = new AtomicBoolean();

        Tracked(String text) {
            super(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void anUploadBodyIsClosedWhenNothingServesItOrTheExecutorRefusesIt() throws Exception {
        try (TestNode a = TestNode.builder(dir.resolve("a")).start()) {
            PeerAddress self = a.peerAddress();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                InProcessTransport transport = new InProcessTransport(a.transport(), a.nodeId(), executor);
                Tracked body = new Tracked("unread");
                assertThatThrownBy(() -> transport.upload(self, UPLOAD, new Ping("x"), body).get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(TransportException.class).hasMessageContaining("does not serve test/upload/1");
                assertThat(body.closed).isTrue();
            }
            InProcessTransport refusing = new InProcessTransport(a.transport(), a.nodeId(), task -> {
                throw new RejectedExecutionException("shut down");
            });
            refusing.registerUpload(UPLOAD, (peer, header, in) -> new Pong(peer, "never"));
            Tracked body = new Tracked("unread");
            CompletableFuture<Pong> call = refusing.upload(self, UPLOAD, new Ping("x"), body);
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TransportException.class)
                    .hasMessageContaining("shut down");
            assertThat(body.closed).isTrue();
            assertThatThrownBy(() -> refusing.request(self, UPLOAD, new Ping("x")).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TransportException.class);
        }
    }

    @Test
    void anErrorInAHandlerFailsTheCall() throws Exception {
        try (TestNode a = TestNode.builder(dir.resolve("a")).start();
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            InProcessTransport transport = new InProcessTransport(a.transport(), a.nodeId(), executor);
            transport.register(ECHO, (peer, ping) -> {
                throw new AssertionError("broken " + ping.text());
            });
            transport.registerDownload(DOWNLOAD, (peer, ping) -> {
                throw new StackOverflowError();
            });
            assertThatThrownBy(() -> transport.request(a.peerAddress(), ECHO, new Ping("!")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TransportException.class)
                    .hasMessageContaining("broken !");
            assertThatThrownBy(() -> transport.download(a.peerAddress(), DOWNLOAD, new Ping("!")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TransportException.class)
                    .hasMessageContaining("StackOverflowError");
        }
    }

    @Test
    void aLocalCallThatDoesNotAnswerFailsAfterTheProtocolsTimeoutAndALateStreamIsClosed() throws Exception {
        Protocol<Ping, Pong> slow = ECHO.withTimeout(Duration.ofMillis(200));
        Protocol<Ping, Void> slowDownload = DOWNLOAD.withTimeout(Duration.ofMillis(200));
        CountDownLatch release = new CountDownLatch(1);
        Tracked late = new Tracked("late");
        try (TestNode a = TestNode.builder(dir.resolve("a")).start();
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            InProcessTransport transport = new InProcessTransport(a.transport(), a.nodeId(), executor);
            transport.register(slow, (peer, ping) -> {
                release.await();
                return new Pong(peer, ping.text());
            });
            transport.registerDownload(slowDownload, (peer, ping) -> {
                release.await();
                return late;
            });
            CompletableFuture<Pong> call = transport.request(a.peerAddress(), slow, new Ping("?"));
            CompletableFuture<InputStream> open = transport.download(a.peerAddress(), slowDownload, new Ping("?"));
            // join() without a bound of its own, as FileGateway waits: the protocol's timeout ends it.
            assertThatThrownBy(call::join).hasCauseInstanceOf(TransportException.class)
                    .hasMessageContaining("no answer within 200 ms");
            assertThatThrownBy(open::join).hasCauseInstanceOf(TransportException.class);
            release.countDown();
            Eventually.until("the late stream is closed", late.closed::get);
        }
    }

    @Test
    void aProtocolWithoutATimeoutGetsTheDefault() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestNode a = TestNode.builder(dir.resolve("a")).start();
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(ECHO.timeout()).isZero();
            InProcessTransport transport = new InProcessTransport(a.transport(), a.nodeId(), executor,
                    Duration.ofMillis(100));
            transport.register(ECHO, (peer, ping) -> {
                release.await();
                return new Pong(peer, ping.text());
            });
            assertThatThrownBy(() -> transport.request(a.peerAddress(), ECHO, new Ping("?")).join())
                    .hasCauseInstanceOf(TransportException.class).hasMessageContaining("no answer within 100 ms");
            release.countDown();
        }
    }
}
