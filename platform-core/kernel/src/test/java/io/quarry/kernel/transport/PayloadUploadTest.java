package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.DOWNLOAD;
import static io.quarry.kernel.transport.Messages.UPLOAD;
import static io.quarry.kernel.transport.TestBodies.MIB;
import static io.quarry.kernel.transport.TestBodies.buffered;
import static io.quarry.kernel.transport.TestBodies.digestOf;
import static io.quarry.kernel.transport.TestBodies.randomBytes;
import static io.quarry.kernel.transport.TestBodies.sha256Hex;
import static io.quarry.kernel.transport.TestBodies.streamFrames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.Payload;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code upload(peer, protocol, header, Payload)}: a body already in memory, sent from the event loop in slices of
 * the payload ({@link PayloadSender}) under the reader's credit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PayloadUploadTest {

    private static final int SMALL_CHUNK = 1024;
    /** Small frames and a window of four of them: a body of a few KiB takes many frames and rounds of credit. */
    private static final TransportSettings SMALL = TestNodes.FAST.withSizes(
            TransportSettings.DEFAULT_MAX_FRAME_BYTES, SMALL_CHUNK, 4 * StreamCredit.cost(SMALL_CHUNK));

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

    @ParameterizedTest(name = "sent as {0}")
    @ValueSource(strings = {"Payload", "InputStream", "download"})
    void peerWithAWindowSmallerThanOurChunkStillGetsTheBody(String source) throws Exception {
        // Valid settings on both sides: the receiver buffers 64 KiB a stream (four of its 16 KiB chunks), the
        // sender cuts 256 KiB chunks. A chunk must fit the window the peer granted, or no credit ever suffices.
        int window = 4 * StreamCredit.cost(16 * 1024);
        try (TestNodes nodes = new TestNodes()) {
            Node receiver = nodes.start(TestNodes.FAST.withSizes(TransportSettings.DEFAULT_MAX_FRAME_BYTES,
                    16 * 1024, window));
            Node sender = nodes.start();
            byte[] bytes = randomBytes(MIB + 1, 17);
            receiver.transport().registerUpload(UPLOAD, (peer, header, body) -> digestOf(body));
            sender.transport().registerDownload(DOWNLOAD, (peer, request) -> Payload.wrap(bytes).inputStream());

            Payload payload = Payload.wrap(bytes);
            Digest received = switch (source) {
                case "Payload" -> sender.transport().upload(receiver.address(), UPLOAD, new Ping("x", 1), payload)
                        .get(30, TimeUnit.SECONDS);
                case "InputStream" -> sender.transport().upload(receiver.address(), UPLOAD, new Ping("x", 1),
                        payload.inputStream()).get(30, TimeUnit.SECONDS);
                default -> {
                    try (InputStream body = receiver.transport().download(sender.address(), DOWNLOAD,
                            new Ping("get", 1)).get(30, TimeUnit.SECONDS)) {
                        yield digestOf(body);
                    }
                }
            };

            assertThat(received).isEqualTo(new Digest(bytes.length, sha256Hex(bytes)));
            assertThat(receiver.errors("flow_control")).isZero();
        }
    }

    @Test
    void concurrentUploadsShareOneConnectionAndAllArriveIntact() throws Exception {
        // Eight senders on one event loop take turns at the outbound buffer (each resumed when it drains) and at
        // their own credit.
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> digestOf(body));
            List<byte[]> bodies = new ArrayList<>();
            List<CompletableFuture<Digest>> uploads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] bytes = randomBytes(8 * MIB + i * 1001, 30 + i);
                bodies.add(bytes);
                uploads.add(client.transport().upload(server.address(), UPLOAD, new Ping("part", i),
                        Payload.wrap(bytes)));
            }

            for (int i = 0; i < 8; i++) {
                byte[] bytes = bodies.get(i);
                assertThat(uploads.get(i).get(60, TimeUnit.SECONDS)).as("upload " + i)
                        .isEqualTo(new Digest(bytes.length, sha256Hex(bytes)));
            }
            assertThat(client.gauge("quarry.transport.connections", "out")).isEqualTo(1);
            assertThat(server.errors("flow_control")).isZero();
        }
    }

    @Test
    void handlerThatAnswersBeforeTheEndStopsTheSender() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                if (header.n() == 1) {
                    byte[] head = body.readNBytes(MIB); // enough: the rest is dropped when the handler returns
                    return new Digest(head.length, sha256Hex(head));
                }
                return digestOf(body);
            });
            byte[] bytes = randomBytes(64 * MIB, 18);

            Digest head = client.transport().upload(server.address(), UPLOAD, new Ping("head", 1),
                    Payload.wrap(bytes)).get(30, TimeUnit.SECONDS);

            assertThat(head).isEqualTo(new Digest(MIB, sha256Hex(Arrays.copyOf(bytes, MIB))));
            // Credit bounds what went out: the window, plus what the handler read before answering.
            int chunk = TransportSettings.DEFAULT_STREAM_CHUNK_BYTES;
            assertThat(streamFrames(client, "out"))
                    .isLessThanOrEqualTo((MIB + TransportSettings.DEFAULT_STREAM_WINDOW_BYTES) / chunk + 1);
            byte[] next = randomBytes(MIB, 19);
            assertThat(client.transport().upload(server.address(), UPLOAD, new Ping("next", 2), Payload.wrap(next))
                    .get(30, TimeUnit.SECONDS)).isEqualTo(new Digest(next.length, sha256Hex(next)));
            assertThat(server.errors("flow_control")).isZero();
            assertThat(server.errors("protocol_violation")).isZero();
        }
    }

    @Test
    void uploadOfAProtocolThePeerDoesNotServeFailsClearly() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();

            assertThatThrownBy(() -> client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    Payload.wrap(new byte[1000])).get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("does not serve protocol test/upload/1");
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
