package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.quarry.api.transport.Payload;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import io.quarry.kernel.transport.Messages.Digest;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.TestNodes.Node;
import io.quarry.testing.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code upload(peer, protocol, header, Payload)}: a body already in memory, sent from the event loop in slices of
 * the payload ({@link PayloadSender}) under the reader's credit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PayloadUploadTest {

    private static final int MIB = 1024 * 1024;
    private static final int SMALL_CHUNK = 1024;
    /** Small frames and a window of four of them: a body of a few KiB takes many frames and rounds of credit. */
    private static final TransportSettings SMALL = TestNodes.FAST.withSizes(
            TransportSettings.DEFAULT_MAX_FRAME_BYTES, SMALL_CHUNK, 4 * StreamCredit.cost(SMALL_CHUNK));
    private static final TransportSettings IMPATIENT = TestNodes.FAST.withTimeouts(Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300));

    /** The ways a caller hands over bytes: each takes the body and gives the payload to send. */
    private static final List<Wrapping> WRAPPINGS = List.of(
            new Wrapping("byte[]", Payload::wrap),
            new Wrapping("heap ByteBuffer", bytes -> Payload.wrap(padded(bytes, false))),
            new Wrapping("direct ByteBuffer", bytes -> Payload.wrap(padded(bytes, true))),
            new Wrapping("other Payload", CopiedPayload::new));

    private record Wrapping(String name, Function<byte[], Payload> wrap) {
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"AUTO", "JDK"})
    void bodiesOfEverySizeArriveIntactInChunkSizedFrames(TlsProvider provider) throws Exception {
        TransportSettings settings = SMALL.withTlsProvider(provider);
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(settings);
            Node client = nodes.start(settings);
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> digestOf(body));
            int[] sizes = {0, 1, SMALL_CHUNK - 1, SMALL_CHUNK, SMALL_CHUNK + 1, 4 * SMALL_CHUNK, 4 * SMALL_CHUNK + 1,
                5 * SMALL_CHUNK + 7, 100_003};
            for (int size : sizes) {
                byte[] bytes = randomBytes(size, size);
                Digest expected = new Digest(size, sha256Hex(bytes));
                for (Wrapping wrapping : WRAPPINGS) {
                    String what = provider + ", " + size + " bytes from a " + wrapping.name();
                    double framesIn = streamFrames(server, "in");
                    double framesOut = streamFrames(client, "out");

                    Digest received = client.transport().upload(server.address(), UPLOAD, new Ping("sized", size),
                            wrapping.wrap().apply(bytes)).get(30, TimeUnit.SECONDS);

                    assertThat(received).as(what).isEqualTo(expected);
                    int frames = (size + SMALL_CHUNK - 1) / SMALL_CHUNK;
                    assertThat(streamFrames(client, "out") - framesOut).as(what + ": frames sent").isEqualTo(frames);
                    assertThat(streamFrames(server, "in") - framesIn).as(what + ": frames received")
                            .isEqualTo(frames);
                }
            }
            assertThat(server.errors("flow_control")).isZero();
            Eventually.until("nothing left buffered on the server", () -> buffered(server) == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"AUTO", "JDK"})
    void bodyOf64MiBArrivesIntactFromAnArrayAndFromDirectMemory(TlsProvider provider) throws Exception {
        TransportSettings settings = TestNodes.FAST.withTlsProvider(provider);
        byte[] bytes = randomBytes(64 * MIB, 64);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        Digest expected = new Digest(bytes.length, sha256Hex(bytes));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(settings);
            Node client = nodes.start(settings);
            AtomicLong peakBuffered = new AtomicLong();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                MessageDigest digest = PatternStream.sha256();
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = body.read(buffer)) > 0; total += n) {
                    digest.update(buffer, 0, n);
                    peakBuffered.accumulateAndGet(buffered(server), Math::max);
                }
                return new Digest(total, HexFormat.of().formatHex(digest.digest()));
            });

            Digest fromArray = client.transport().upload(server.address(), UPLOAD, new Ping("array", 1),
                    Payload.wrap(bytes)).get(60, TimeUnit.SECONDS);
            Digest fromDirect = client.transport().upload(server.address(), UPLOAD, new Ping("direct", 2),
                    Payload.wrap(direct)).get(60, TimeUnit.SECONDS);

            assertThat(fromArray).as(provider + ", array").isEqualTo(expected);
            assertThat(fromDirect).as(provider + ", direct buffer").isEqualTo(expected);
            assertThat(direct.position()).as("the caller's buffer is not moved").isZero();
            assertThat(peakBuffered.get()).isPositive()
                    .isLessThanOrEqualTo(TransportSettings.DEFAULT_STREAM_WINDOW_BYTES);
            assertThat(server.errors("flow_control")).isZero();
        }
    }

    @Test
    void framesAreCutToThePeersSmallerFrameLimit() throws Exception {
        int frameLimit = 8192;
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(TestNodes.FAST.withSizes(frameLimit, 4096,
                    TransportSettings.DEFAULT_STREAM_WINDOW_BYTES));
            Node client = nodes.start(); // 256 KiB chunks of its own
            // Headers fit the small frames; bodies are streams, whatever the frame size.
            server.transport().registerUpload(UPLOAD.withMaxMessageBytes(1024),
                    (peer, header, body) -> digestOf(body));
            byte[] bytes = randomBytes(MIB + 5, 3);

            Digest received = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(bytes)).get(30, TimeUnit.SECONDS);

            assertThat(received).isEqualTo(new Digest(bytes.length, sha256Hex(bytes)));
            int perFrame = frameLimit - Frame.HEADER_BYTES;
            assertThat(streamFrames(server, "in")).isEqualTo((bytes.length + perFrame - 1) / perFrame);
            assertThat(server.errors("oversize_frame")).isZero();
        }
    }

    @Test
    void readerThatHoldsBackNeverHasMoreThanTheWindowBuffered() throws Exception {
        int chunk = 16 * 1024;
        int window = 4 * StreamCredit.cost(chunk);
        TransportSettings settings = TestNodes.FAST.withSizes(TransportSettings.DEFAULT_MAX_FRAME_BYTES, chunk, window);
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(settings);
            Node client = nodes.start(settings);
            CountDownLatch release = new CountDownLatch(1);
            AtomicLong peakBuffered = new AtomicLong();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                release.await(30, TimeUnit.SECONDS);
                MessageDigest digest = PatternStream.sha256();
                byte[] piece = new byte[1000]; // slower than the sender: the window stays full
                long total = 0;
                for (int n; (n = body.read(piece)) > 0; total += n) {
                    digest.update(piece, 0, n);
                    peakBuffered.accumulateAndGet(buffered(server), Math::max);
                }
                return new Digest(total, HexFormat.of().formatHex(digest.digest()));
            });
            byte[] bytes = randomBytes(4 * MIB + 123, 4);

            CompletableFuture<Digest> upload = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(bytes));

            // With no read the sender has exactly the initial window: four full chunks, then it waits for credit.
            Eventually.until("the window is full", () -> buffered(server) == window);
            assertThat(streamFrames(client, "out")).isEqualTo(4);
            assertThat(upload).isNotDone();
            release.countDown();
            assertThat(upload.get(60, TimeUnit.SECONDS)).isEqualTo(new Digest(bytes.length, sha256Hex(bytes)));
            assertThat(peakBuffered.get()).isPositive().isLessThanOrEqualTo(window);
            assertThat(server.errors("flow_control")).isZero();
            assertThat(buffered(server)).isZero();
        }
    }

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
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CountDownLatch midway = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                body.readNBytes(2 * MIB);
                midway.countDown();
                release.await(30, TimeUnit.SECONDS);
                return new Digest(0, "");
            });
            CompletableFuture<Digest> upload = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(randomBytes(64 * MIB, 10)));
            assertThat(midway.await(30, TimeUnit.SECONDS)).isTrue();

            server.transport().close();

            assertThatThrownBy(() -> upload.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("connection to node " + server.id().substring(0, 12))
                    .hasMessageContaining("closed");
            release.countDown();
        }
    }

    @Test
    void closingTheSendersOwnTransportMidUploadFailsTheFuture() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CountDownLatch midway = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                body.readNBytes(2 * MIB);
                midway.countDown();
                release.await(30, TimeUnit.SECONDS);
                return new Digest(0, "");
            });
            CompletableFuture<Digest> upload = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(randomBytes(64 * MIB, 11)));
            assertThat(midway.await(30, TimeUnit.SECONDS)).isTrue();

            client.transport().close();

            assertThatThrownBy(() -> upload.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class);
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

    /**
     * Uploads {@code bytes} once the server has a free slot: it frees a cancelled call's once that handler returned,
     * a moment after the cancel, and refuses calls as busy until then.
     */
    static Digest uploadWhenFree(Node client, Node server, Protocol<Ping, Digest> protocol, byte[] bytes)
            throws Exception {
        long deadline = System.nanoTime() + Eventually.LIMIT.toNanos();
        while (true) {
            try {
                return client.transport().upload(server.address(), protocol, new Ping("next", 2), Payload.wrap(bytes))
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).hasMessageContaining("(busy)");
                assertThat(System.nanoTime()).as("slot given back in time").isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    static Digest digestOf(InputStream body) throws IOException {
        MessageDigest digest = PatternStream.sha256();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; total += n) {
            digest.update(buffer, 0, n);
        }
        return new Digest(total, HexFormat.of().formatHex(digest.digest()));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(PatternStream.sha256().digest(bytes));
    }

    /** STREAM_DATA frames of {@link Messages#UPLOAD} the node sent ("out") or received ("in"). */
    static double streamFrames(Node node, String direction) {
        var counter = node.meters().find("quarry.transport.messages").tag("protocol", UPLOAD.id())
                .tag("type", "stream_data").tag("direction", direction).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Stream bytes the node holds unread, overhead included. */
    static long buffered(Node node) {
        return (long) node.meters().find("quarry.transport.stream.buffered").gauge().value();
    }

    /** {@code bytes} in a buffer with other bytes before and after it, positioned and limited to them. */
    private static ByteBuffer padded(byte[] bytes, boolean direct) {
        int pad = 7;
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(bytes.length + 2 * pad)
                : ByteBuffer.allocate(bytes.length + 2 * pad);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0xEE);
        }
        buffer.put(pad, bytes);
        return buffer.position(pad).limit(pad + bytes.length);
    }

    /** A payload that is neither a wrapped array nor a buffer: the transport has to copy it. */
    private static final class CopiedPayload extends Payload {
        private final byte[] bytes;

        CopiedPayload(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public void read(int offset, byte[] target, int targetOffset, int length) {
            System.arraycopy(bytes, offset, target, targetOffset, length);
        }

        @Override
        public long writeTo(WritableByteChannel channel) throws IOException {
            ByteBuffer all = ByteBuffer.wrap(bytes);
            while (all.hasRemaining()) {
                channel.write(all);
            }
            return bytes.length;
        }

        @Override
        public byte[] wrappedArray() {
            return null;
        }
    }
}
