package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.DOWNLOAD;
import static io.quarry.kernel.transport.Messages.UPLOAD;
import static io.quarry.kernel.transport.TestBodies.buffered;
import static io.quarry.kernel.transport.TestBodies.randomBytes;
import static io.quarry.kernel.transport.TestBodies.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.ChunkedBody;
import io.quarry.api.transport.Payload;
import io.quarry.api.transport.Protocol;
import io.quarry.kernel.transport.Messages.Digest;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.TestNodes.Node;
import io.quarry.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ChunkedBody#nextChunk}: received stream bodies taken in the chunks they arrived in, lent until the next
 * call on the stream, over the network: upload handlers, downloads, a relay ({@link StreamReceiverChunkTest} has
 * the receiver alone).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChunkedBodyTest {

    private static final int CHUNK = 4096;
    private static final TransportSettings SMALL = TestNodes.FAST.withSizes(TransportSettings.DEFAULT_MAX_FRAME_BYTES,
            CHUNK, 4 * StreamCredit.cost(CHUNK));
    private static final Protocol<Ping, Digest> RELAY = Protocol.of("test/relay/1", Ping.class, Digest.class)
            .withTimeout(Duration.ofSeconds(30));

    @Test
    void uploadHandlerTakesTheBodyChunkByChunkIntactFromEitherSender() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(SMALL);
            Node client = nodes.start(SMALL);
            List<List<Integer>> chunkSizes = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> checks = new CompletableFuture<>();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                List<Integer> sizes = new ArrayList<>();
                chunkSizes.add(sizes);
                try {
                    assertThat(body).isInstanceOf(ChunkedBody.class);
                    ChunkedBody chunks = (ChunkedBody) body;
                    MessageDigest digest = PatternStream.sha256();
                    long total = 0;
                    for (Payload chunk; (chunk = chunks.nextChunk()) != null; total += chunk.length()) {
                        sizes.add(chunk.length());
                        chunk.writeTo(digesting(digest)); // the NIO path, straight from the frame
                    }
                    assertThat(chunks.nextChunk()).as("still the end").isNull();
                    assertThat(body.read()).isEqualTo(-1);
                    return new Digest(total, HexFormat.of().formatHex(digest.digest()));
                } catch (Throwable e) {
                    checks.completeExceptionally(e);
                    throw e;
                }
            });
            int size = 100 * CHUNK + 17;
            byte[] bytes = randomBytes(size, 21);
            Digest expected = new Digest(size, sha256Hex(bytes));

            Digest fromPayload = client.transport().upload(server.address(), UPLOAD, new Ping("payload", 1),
                    Payload.wrap(bytes)).get(30, TimeUnit.SECONDS);
            PatternStream pattern = new PatternStream(size, 22);
            Digest fromStream = client.transport().upload(server.address(), UPLOAD, new Ping("stream", 2), pattern)
                    .get(30, TimeUnit.SECONDS);
            Digest empty = client.transport().upload(server.address(), UPLOAD, new Ping("empty", 3),
                    Payload.wrap(new byte[0])).get(30, TimeUnit.SECONDS);

            checks.complete(null);
            checks.get();
            assertThat(fromPayload).isEqualTo(expected);
            assertThat(fromStream).isEqualTo(new Digest(size, pattern.sha256Hex()));
            assertThat(empty).isEqualTo(new Digest(0, sha256Hex(new byte[0])));
            // The payload sender cuts the body at the chunk size: the handler gets those slices as they were sent.
            List<Integer> slices = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                slices.add(CHUNK);
            }
            slices.add(17);
            assertThat(chunkSizes.get(0)).isEqualTo(slices);
            assertThat(chunkSizes.get(1)).allSatisfy(n -> assertThat(n).isBetween(1, CHUNK));
            assertThat(chunkSizes.get(2)).isEmpty();
            Eventually.until("nothing left buffered", () -> buffered(server) == 0);
            assertThat(server.errors("flow_control")).isZero();
        }
    }

    @Test
    void mixingReadsAndChunksGivesTheBytesInOrder() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(SMALL);
            Node client = nodes.start(SMALL);
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            CompletableFuture<List<Integer>> lentSizes = new CompletableFuture<>();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                try {
                    ChunkedBody chunks = (ChunkedBody) body;
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    List<Integer> sizes = new ArrayList<>();
                    byte[] piece = new byte[100];
                    // Per three frames: read 100 bytes and take the rest lent, take one whole, read one byte and
                    // take the rest.
                    for (int step = 0; ; step++) {
                        int n;
                        if (step % 5 == 0) {
                            n = body.read(piece);
                            if (n > 0) {
                                all.write(piece, 0, n);
                            }
                        } else if (step % 5 == 3) {
                            n = body.read();
                            if (n >= 0) {
                                all.write(n);
                            }
                        } else {
                            Payload lent = chunks.nextChunk();
                            n = lent == null ? -1 : lent.length();
                            if (lent != null) {
                                sizes.add(lent.length());
                                all.write(lent.toByteArray());
                            }
                        }
                        if (n < 0) {
                            break;
                        }
                    }
                    received.complete(all.toByteArray());
                    lentSizes.complete(sizes);
                    return new Digest(all.size(), "");
                } catch (Throwable e) {
                    received.completeExceptionally(e);
                    throw e;
                }
            });
            byte[] bytes = randomBytes(30 * CHUNK + 5, 23);

            Digest digest = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(bytes)).get(30, TimeUnit.SECONDS);

            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(bytes);
            assertThat(digest.bytes()).isEqualTo(bytes.length);
            // Frames of CHUNK bytes, so the lent pieces are the rest of a frame after a read, or a whole one.
            assertThat(lentSizes.get()).startsWith(CHUNK - 100, CHUNK, CHUNK - 1, CHUNK - 100, CHUNK, CHUNK - 1);
        }
    }

    @Test
    void lentChunkIsUnusableAfterTheNextCallOnItsStream() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(SMALL);
            Node client = nodes.start(SMALL);
            CompletableFuture<Void> checks = new CompletableFuture<>();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                try {
                    ChunkedBody chunks = (ChunkedBody) body;
                    Payload first = chunks.nextChunk();
                    byte[] kept = first.toByteArray();
                    assertThat(kept).hasSize(CHUNK);
                    Payload second = chunks.nextChunk(); // releases the first
                    assertUnusable(first);
                    assertThat(second.toByteArray()).hasSize(CHUNK);
                    assertThat(body.read(new byte[10])).isEqualTo(10); // a read releases the lent one too
                    assertUnusable(second);
                    Payload third = chunks.nextChunk(); // the rest of the chunk the read began
                    assertThat(third.length()).isEqualTo(CHUNK - 10);
                    body.close(); // and so does close
                    assertUnusable(third);
                    checks.complete(null);
                } catch (Throwable e) {
                    checks.completeExceptionally(e);
                }
                return new Digest(0, "");
            });

            client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(randomBytes(40 * CHUNK, 24))).get(30, TimeUnit.SECONDS);

            checks.get(5, TimeUnit.SECONDS);
            Eventually.until("the closed stream's buffers dropped", () -> buffered(server) == 0);
        }
    }

    @Test
    void readsRacingTheReleaseOfALentChunkSeeItsBytesOrFail() throws Exception {
        // Another thread keeps reading each lent chunk while the handler takes the next one, which releases it (and
        // its pooled buffer may carry the next frame at once): every read sees the chunk's own bytes or throws.
        int chunksSent = 200;
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(SMALL);
            Node client = nodes.start(SMALL);
            List<String> problems = new CopyOnWriteArrayList<>();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                ChunkedBody chunks = (ChunkedBody) body;
                List<Thread> readers = new ArrayList<>();
                int index = 0;
                for (Payload chunk; (chunk = chunks.nextChunk()) != null; index++) {
                    byte expected = (byte) (index % 251 + 1);
                    CountDownLatch reading = new CountDownLatch(1);
                    Payload lent = chunk;
                    int at = index;
                    readers.add(Thread.ofVirtual().start(() -> {
                        byte[] copy = new byte[lent.length()];
                        try {
                            while (true) {
                                lent.read(0, copy, 0, copy.length);
                                for (byte b : copy) {
                                    if (b != expected) {
                                        problems.add("chunk " + at + " read " + b + " instead of " + expected);
                                        return;
                                    }
                                }
                                reading.countDown();
                            }
                        } catch (IllegalStateException released) {
                            // the handler took the next chunk: this one is gone, as it should be
                        } finally {
                            reading.countDown();
                        }
                    }));
                    reading.await();
                }
                for (Thread reader : readers) {
                    reader.join();
                }
                return new Digest(index, "");
            });
            byte[] bytes = new byte[chunksSent * CHUNK];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i / CHUNK % 251 + 1);
            }

            Digest taken = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1), Payload.wrap(bytes))
                    .get(60, TimeUnit.SECONDS);

            assertThat(taken.bytes()).as("chunks").isEqualTo(chunksSent);
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void lentChunkReleasedWhenTheHandlerReturns() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(SMALL);
            Node client = nodes.start(SMALL);
            CompletableFuture<Payload> kept = new CompletableFuture<>();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                kept.complete(((ChunkedBody) body).nextChunk()); // leaks it out of the handler
                return new Digest(0, "");
            });

            client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(randomBytes(20 * CHUNK, 25))).get(30, TimeUnit.SECONDS);

            Payload leaked = kept.get(5, TimeUnit.SECONDS);
            Eventually.until("the lent chunk released with its stream", () -> {
                try {
                    leaked.toByteArray();
                    return false;
                } catch (IllegalStateException e) {
                    return true;
                }
            });
            Eventually.until("nothing left buffered", () -> buffered(server) == 0);
        }
    }

    @Test
    void relayForwardsEachLentChunkToAThirdNodeIntact() throws Exception {
        // Each received chunk goes on, without a copy, as an upload of its own; the chunk stays lent (the relay
        // takes the next only) until that upload completed, as the upload's contract asks.
        try (TestNodes nodes = new TestNodes()) {
            Node sink = nodes.start(SMALL);
            Node relay = nodes.start(SMALL);
            Node source = nodes.start(SMALL);
            Map<Integer, byte[]> parts = new ConcurrentHashMap<>();
            sink.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                byte[] part = body.readAllBytes();
                parts.put(header.n(), part);
                return new Digest(part.length, sha256Hex(part));
            });
            relay.transport().registerUpload(RELAY, (peer, header, body) -> {
                ChunkedBody chunks = (ChunkedBody) body;
                int forwarded = 0;
                long total = 0;
                for (Payload chunk; (chunk = chunks.nextChunk()) != null; total += chunk.length()) {
                    Digest part = relay.transport().upload(sink.address(), UPLOAD, new Ping("part", forwarded++),
                            chunk).get(30, TimeUnit.SECONDS);
                    if (part.bytes() != chunk.length()) {
                        throw new IllegalStateException("part " + forwarded + " arrived as " + part.bytes() + " bytes");
                    }
                }
                return new Digest(total, String.valueOf(forwarded));
            });
            byte[] bytes = randomBytes(48 * CHUNK + 99, 26);

            Digest relayed = source.transport().upload(relay.address(), RELAY, new Ping("x", 1), Payload.wrap(bytes))
                    .get(60, TimeUnit.SECONDS);

            assertThat(relayed).isEqualTo(new Digest(bytes.length, "49"));
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < 49; i++) {
                assertThat(parts).containsKey(i);
                joined.write(parts.get(i));
            }
            assertThat(joined.toByteArray()).isEqualTo(bytes);
        }
    }

    @Test
    void downloadStreamIsAChunkedBodyToo() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(SMALL);
            Node client = nodes.start(SMALL);
            List<PatternStream> served = new CopyOnWriteArrayList<>();
            server.transport().registerDownload(DOWNLOAD, (peer, request) -> {
                PatternStream body = new PatternStream(request.n(), request.n());
                served.add(body);
                return body;
            });

            for (int size : new int[] {3 * 1024 * 1024 + 5, 0, 1}) {
                MessageDigest digest = PatternStream.sha256();
                long total = 0;
                try (InputStream body = client.transport().download(server.address(), DOWNLOAD, new Ping("get", size))
                        .get(10, TimeUnit.SECONDS)) {
                    assertThat(body).isInstanceOf(ChunkedBody.class);
                    ChunkedBody chunks = (ChunkedBody) body;
                    for (Payload chunk; (chunk = chunks.nextChunk()) != null; total += chunk.length()) {
                        assertThat(chunk.length()).isBetween(1, CHUNK);
                        digest.update(chunk.toByteArray());
                    }
                    assertThat(body.read()).isEqualTo(-1);
                }

                PatternStream sent = served.getLast();
                assertThat(total).as(size + " bytes").isEqualTo(size);
                assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sent.sha256Hex());
            }
            assertThat(buffered(client)).isZero();
        }
    }

    /** Every way of reading {@code payload} throws {@link IllegalStateException}. */
    static void assertUnusable(Payload payload) {
        assertThatThrownBy(payload::toByteArray).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released");
        assertThatThrownBy(() -> payload.read(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> payload.writeTo(Channels.newChannel(OutputStream.nullOutputStream())))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> payload.writeTo(OutputStream.nullOutputStream()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> payload.inputStream().read()).isInstanceOf(IllegalStateException.class);
    }

    private static WritableByteChannel digesting(MessageDigest digest) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) {
                int n = source.remaining();
                digest.update(source);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
