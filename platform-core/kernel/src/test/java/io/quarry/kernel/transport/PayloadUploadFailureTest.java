package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.UPLOAD;
import static io.quarry.kernel.transport.TestBodies.MIB;
import static io.quarry.kernel.transport.TestBodies.digestOf;
import static io.quarry.kernel.transport.TestBodies.randomBytes;
import static io.quarry.kernel.transport.TestBodies.sha256Hex;
import static io.quarry.kernel.transport.TestBodies.streamFrames;
import static io.quarry.kernel.transport.TestBodies.uploadWhenFree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.quarry.api.transport.Payload;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import io.quarry.kernel.transport.Messages.Digest;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.TestNodes.Node;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code upload(..., Payload)} that does not finish: a reader or a socket that stops, a cancelled future, a lost
 * connection, a body that cannot be read. The call fails with a clear error and gives back what it held.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PayloadUploadFailureTest {

    private static final TransportSettings IMPATIENT = TestNodes.FAST.withTimeouts(Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300));

    @Test
    void readerThatStopsReadingFailsTheUploadAfterTheReadTimeout() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(IMPATIENT);
            Node client = nodes.start(IMPATIENT);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Throwable> handlerSaw = new CompletableFuture<>();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                if (header.n() == 2) {
                    return digestOf(body);
                }
                release.await(30, TimeUnit.SECONDS); // reads nothing until the upload failed
                try {
                    body.readAllBytes();
                    handlerSaw.complete(null);
                } catch (IOException e) {
                    handlerSaw.complete(e);
                }
                return new Digest(0, "");
            });

            CompletableFuture<Digest> upload = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(randomBytes(16 * MIB, 5)));

            assertThatThrownBy(() -> upload.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("upload of test/upload/1")
                    .hasMessageContaining("granted no stream credit for 300 ms");
            release.countDown();
            // The sender told the server: the handler's stream ends with the cancel, after what was buffered.
            assertThat(handlerSaw.get(30, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cancelled");
            byte[] next = randomBytes(50_000, 6);
            assertThat(client.transport().upload(server.address(), UPLOAD, new Ping("x", 2), Payload.wrap(next))
                    .get(30, TimeUnit.SECONDS)).isEqualTo(new Digest(next.length, sha256Hex(next)));
        }
    }

    @Test
    void bodyThatFitsTheWindowIsSentWholeAndThenOnlyTheResponseTimeoutApplies() throws Exception {
        // The stall watchdog stops with the last frame: a handler that never reads a body it has whole is the
        // response timeout's business, not a credit stall.
        Protocol<Ping, Digest> slow = UPLOAD.withTimeout(Duration.ofMillis(1500));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(IMPATIENT);
            Node client = nodes.start(IMPATIENT);
            CountDownLatch release = new CountDownLatch(1);
            server.transport().registerUpload(slow, (peer, header, body) -> {
                release.await(30, TimeUnit.SECONDS);
                return new Digest(0, "");
            });

            CompletableFuture<Digest> upload = client.transport().upload(server.address(), slow, new Ping("x", 1),
                    Payload.wrap(randomBytes(300_000, 7)));

            assertThatThrownBy(() -> upload.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("timed out after 1500 ms");
            assertThat(streamFrames(client, "out")).isEqualTo(2); // 256 KiB + the rest
            release.countDown();
        }
    }

    @Test
    void cancellingTheFutureMidBodyCancelsTheCallAndFreesTheSlot() throws Exception {
        // One call at a time: the second upload only goes through if the cancelled one gave its slot back.
        Protocol<Ping, Digest> single = UPLOAD.withMaxConcurrent(1).withTimeout(Duration.ofSeconds(3));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            AtomicLong handlerRead = new AtomicLong();
            CompletableFuture<Throwable> handlerSaw = new CompletableFuture<>();
            server.transport().registerUpload(single, (peer, header, body) -> {
                if (header.n() == 2) {
                    return digestOf(body);
                }
                try {
                    handlerRead.addAndGet(body.readNBytes(MIB).length);
                    reading.countDown();
                    cancelled.await(30, TimeUnit.SECONDS);
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = body.read(buffer)) > 0; ) {
                        handlerRead.addAndGet(n);
                    }
                    handlerSaw.complete(null);
                } catch (IOException e) {
                    handlerSaw.complete(e);
                }
                return new Digest(0, "");
            });
            byte[] bytes = randomBytes(64 * MIB, 8);

            CompletableFuture<Digest> upload = client.transport().upload(server.address(), single, new Ping("x", 1),
                    Payload.wrap(bytes));
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(upload.cancel(true)).isTrue();
            cancelled.countDown();

            assertThat(handlerSaw.get(30, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cancelled");
            // The sender stopped: the handler got what it read before plus at most a window more, not the body.
            assertThat(handlerRead.get()).isLessThanOrEqualTo(MIB + TransportSettings.DEFAULT_STREAM_WINDOW_BYTES);
            assertThat(upload).isCancelled();
            byte[] next = randomBytes(1000, 9);
            Digest after = uploadWhenFree(client, server, single, next);
            assertThat(after).isEqualTo(new Digest(next.length, sha256Hex(next)));
        }
    }

    @Test
    void peerClosingMidUploadFailsTheFuture() throws Exception {
        closingMidUpload(true);
    }

    @Test
    void closingTheSendersOwnTransportMidUploadFailsTheFuture() throws Exception {
        closingMidUpload(false);
    }

    /** Closes the receiving node's transport ({@code peer}) or the sender's own halfway through a 64 MiB upload. */
    private static void closingMidUpload(boolean peer) throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CountDownLatch midway = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.transport().registerUpload(UPLOAD, (from, header, body) -> {
                body.readNBytes(2 * MIB);
                midway.countDown();
                release.await(30, TimeUnit.SECONDS);
                return new Digest(0, "");
            });
            CompletableFuture<Digest> upload = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(randomBytes(64 * MIB, peer ? 10 : 11)));
            assertThat(midway.await(30, TimeUnit.SECONDS)).isTrue();

            (peer ? server : client).transport().close();

            var failure = assertThatThrownBy(() -> upload.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(TransportException.class);
            if (peer) {
                failure.hasMessageContaining("connection to node " + server.id().substring(0, 12))
                        .hasMessageContaining("closed");
            }
            release.countDown();
        }
    }

    @Test
    void uploadOfAReleasedReceivedPayloadFailsAndGivesTheSlotBack() throws Exception {
        Protocol<Ping, Digest> single = UPLOAD.withMaxConcurrent(1).withTimeout(Duration.ofSeconds(3));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerUpload(single, (peer, header, body) -> digestOf(body));
            ReceivedPayload released = new ReceivedPayload(Unpooled.wrappedBuffer(new byte[100]));
            released.release();

            CompletableFuture<Digest> upload = client.transport().upload(server.address(), single, new Ping("x", 1),
                    released);

            assertThatThrownBy(() -> upload.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("cannot read the test/upload/1 upload body");
            byte[] next = randomBytes(2000, 12);
            assertThat(uploadWhenFree(client, server, single, next)).isEqualTo(new Digest(next.length,
                    sha256Hex(next)));
        }
    }

    @Test
    void peerThatStopsReadingItsSocketFailsTheUploadAfterTheReadTimeout() throws Exception {
        // A peer that grants a huge window and then reads nothing more: credit is no limit, the socket is. Once
        // the connection's outbound buffer stays full for the read timeout the watchdog fails the call.
        KeyPair keys = TestNodes.newKeys();
        String id = TestNodes.nodeId(keys);
        NodeTls tls = NodeTls.create(keys, id);
        try (TestNodes nodes = new TestNodes(); SSLServerSocket listener = (SSLServerSocket) tls.context()
                .getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            Node client = nodes.start(IMPATIENT);

            CompletableFuture<Digest> upload = client.transport().upload(
                    new PeerAddress(id, "127.0.0.1", listener.getLocalPort()), UPLOAD, new Ping("x", 1),
                    Payload.wrap(randomBytes(64 * MIB, 14)));
            try (SSLSocket peer = (SSLSocket) listener.accept()) {
                peer.startHandshake();
                byte[] hello = RawFrames.cbor(new Hello(Hello.VERSION, List.of(UPLOAD.id()), 1 << 20, 1 << 30));
                peer.getOutputStream().write(RawFrames.frame(FrameType.HELLO, 0, Frame.NO_PROTOCOL, 0, hello));
                peer.getOutputStream().flush();

                assertThatThrownBy(() -> upload.get(30, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("upload of test/upload/1")
                        .hasMessageContaining("read nothing for 300 ms");
            }
        }
    }

    @Test
    void cancellingRightAwaySendsNothingAndTheNextUploadGoesThrough() throws Exception {
        Protocol<Ping, Digest> single = UPLOAD.withMaxConcurrent(1).withTimeout(Duration.ofSeconds(3));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerUpload(single, (peer, header, body) -> digestOf(body));

            for (int i = 0; i < 20; i++) {
                CompletableFuture<Digest> upload = client.transport().upload(server.address(), single,
                        new Ping("x", 1), Payload.wrap(randomBytes(8 * MIB, 15)));
                upload.cancel(true);
                // Cancelled, or already refused as busy (the previous cancelled upload still held the one slot
                // when this one arrived): either way it is over and nothing was left running.
                assertThat(upload).isDone();
                assertThat(upload.isCancelled() || upload.isCompletedExceptionally()).isTrue();
            }

            byte[] next = randomBytes(3000, 16);
            assertThat(uploadWhenFree(client, server, single, next)).isEqualTo(new Digest(next.length,
                    sha256Hex(next)));
        }
    }
}
