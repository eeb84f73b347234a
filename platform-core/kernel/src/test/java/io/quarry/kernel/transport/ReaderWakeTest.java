package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.DOWNLOAD;
import static io.quarry.kernel.transport.Messages.UPLOAD;
import static io.quarry.kernel.transport.TestBodies.buffered;
import static io.quarry.kernel.transport.TestBodies.randomBytes;
import static io.quarry.kernel.transport.TestBodies.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.quarry.api.transport.Payload;
import io.quarry.kernel.transport.Messages.Digest;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.TestNodes.Node;
import io.quarry.testing.Eventually;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stream readers are woken once per socket read, not per chunk ({@link StreamReceiver#queueWake},
 * {@link Session#channelReadComplete}): no wake-up may get lost. The read timeout here is longer than any wait of
 * the test, so a reader that missed its wake-up shows as a call that does not finish, not as a slow one.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ReaderWakeTest {

    private static final int CHUNK = 1024;
    private static final TransportSettings SMALL_CHUNKS = TestNodes.FAST
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(5))
            .withSizes(TransportSettings.DEFAULT_MAX_FRAME_BYTES, CHUNK, 16 * StreamCredit.cost(CHUNK));

    @Test
    void manySmallChunkUploadsAndDownloadsReadInSmallPiecesAllComplete() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(SMALL_CHUNKS);
            Node client = nodes.start(SMALL_CHUNKS);
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> digestInPieces(body, header.n()));
            server.transport().registerDownload(DOWNLOAD,
                    (peer, request) -> new PatternStream(request.n(), request.n()));
            SplittableRandom random = new SplittableRandom(42);
            int rounds = 75;
            int inFlight = 4; // streams of one connection share socket reads: several readers per wake-up round
            for (int round = 0; round < rounds; round++) {
                List<CompletableFuture<Digest>> calls = new ArrayList<>();
                List<Digest> expected = new ArrayList<>();
                for (int i = 0; i < inFlight; i++) {
                    int size = random.nextInt(64 * CHUNK);
                    int piece = 1 + random.nextInt(2 * CHUNK);
                    Ping header = new Ping("round " + round, piece);
                    switch (random.nextInt(3)) {
                        case 0 -> {
                            byte[] bytes = randomBytes(size, random.nextLong());
                            expected.add(new Digest(size, sha256Hex(bytes)));
                            calls.add(client.transport().upload(server.address(), UPLOAD, header, Payload.wrap(bytes)));
                        }
                        case 1 -> {
                            byte[] bytes = randomBytes(size, random.nextLong());
                            expected.add(new Digest(size, sha256Hex(bytes)));
                            calls.add(client.transport().upload(server.address(), UPLOAD, header,
                                    Payload.wrap(bytes).inputStream()));
                        }
                        default -> {
                            expected.add(new Digest(size, patternDigest(size)));
                            calls.add(client.transport().download(server.address(), DOWNLOAD, new Ping("get", size))
                                    .thenApplyAsync(body -> {
                                        try (body) {
                                            return digestInPieces(body, piece);
                                        } catch (Exception e) {
                                            throw new IllegalStateException(e);
                                        }
                                    }, nodes.handlers));
                        }
                    }
                }
                for (int i = 0; i < inFlight; i++) {
                    assertThat(calls.get(i).get(60, TimeUnit.SECONDS)).as("round %d, call %d", round, i)
                            .isEqualTo(expected.get(i));
                }
            }
            assertThat(server.errors("flow_control")).isZero();
            assertThat(client.errors("flow_control")).isZero();
            Eventually.until("nothing left buffered", () -> buffered(server) == 0 && buffered(client) == 0);
        }
    }

    @Test
    void hundredsOfUploadsOfRandomSizesArriveIntact() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(SMALL_CHUNKS);
            Node client = nodes.start(SMALL_CHUNKS);
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> digestInPieces(body, header.n()));
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 300; i++) {
                int size = random.nextInt(40 * CHUNK);
                byte[] bytes = randomBytes(size, i);
                int piece = 1 + random.nextInt(300);

                Digest received = client.transport().upload(server.address(), UPLOAD, new Ping("upload " + i, piece),
                        Payload.wrap(bytes)).get(60, TimeUnit.SECONDS);

                assertThat(received).as("upload %d of %d bytes read %d at a time", i, size, piece)
                        .isEqualTo(new Digest(size, sha256Hex(bytes)));
            }
        }
    }

    // ---- on a receiver alone ----

    private final AtomicLong gauge = new AtomicLong();
    private final StreamReceiver receiver = new StreamReceiver(4 * StreamCredit.cost(1000), Duration.ofMinutes(5),
            credit -> { }, complete -> { }, gauge);

    @Test
    void aWakeIsAskedForOncePerBatchOfOffers() {
        assertThat(receiver.offer(Unpooled.wrappedBuffer(new byte[10]))).isTrue();
        assertThat(receiver.queueWake()).as("first chunk since the last wake").isTrue();
        assertThat(receiver.offer(Unpooled.wrappedBuffer(new byte[10]))).isTrue();
        assertThat(receiver.queueWake()).as("already queued").isFalse();

        receiver.wakeReader();

        assertThat(receiver.offer(Unpooled.wrappedBuffer(new byte[10]))).isTrue();
        assertThat(receiver.queueWake()).as("a new batch").isTrue();
    }

    @Test
    void aWaitingReaderGetsTheChunksOfferedBeforeTheWake() throws Exception {
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                read.complete(receiver.readNBytes(30));
            } catch (Throwable e) {
                read.completeExceptionally(e);
            }
        });
        Eventually.until("the reader waits", () -> reader.getState() == Thread.State.WAITING);

        for (int batch = 0; batch < 3; batch++) {
            receiver.offer(Unpooled.wrappedBuffer(new byte[] {(byte) batch, (byte) batch}));
            receiver.offer(Unpooled.wrappedBuffer(new byte[] {(byte) batch, (byte) batch, (byte) batch}));
            if (receiver.queueWake()) {
                receiver.wakeReader();
            }
            int taken = 5 * (batch + 1);
            Eventually.until("the reader took the batch and waits again", () -> gauge.get() == 0
                    && reader.getState() == Thread.State.WAITING);
            assertThat(read).as("after " + taken + " bytes").isNotDone();
        }
        receiver.offer(Unpooled.wrappedBuffer(new byte[15]));
        receiver.queueWake();
        receiver.wakeReader();

        assertThat(read.get(30, TimeUnit.SECONDS)).hasSize(30).startsWith(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2);
    }

    /** The SHA-256 of what {@code new PatternStream(size, size)} produces. */
    private static String patternDigest(int size) throws java.io.IOException {
        PatternStream pattern = new PatternStream(size, size);
        pattern.transferTo(java.io.OutputStream.nullOutputStream());
        return pattern.sha256Hex();
    }

    /** Reads {@code body} {@code piece} bytes at a time (at least one), hashing it. */
    static Digest digestInPieces(InputStream body, int piece) throws Exception {
        MessageDigest digest = PatternStream.sha256();
        byte[] buffer = new byte[Math.max(1, piece)];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; total += n) {
            digest.update(buffer, 0, n);
        }
        return new Digest(total, HexFormat.of().formatHex(digest.digest()));
    }
}
