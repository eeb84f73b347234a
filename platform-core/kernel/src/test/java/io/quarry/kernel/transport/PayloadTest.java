package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quarry.api.transport.Payload;
import io.quarry.api.transport.Protocol;
import io.quarry.kernel.transport.TestNodes.Node;
import io.quarry.testing.HostileInput;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Payload} components: raw sections sent without copies, received as views valid during the handler. */
class PayloadTest {

    record Chunk(String name, Payload data) {
    }

    record Sum(String name, int length, String sha256) {
    }

    record Two(Payload first, Payload second) {
    }

    static final Protocol<Chunk, Sum> STORE = Protocol.of("test/store/1", Chunk.class, Sum.class)
            .withMaxMessageBytes(4 << 20);
    static final Protocol<Chunk, Chunk> ECHO = Protocol.of("test/payload-echo/1", Chunk.class, Chunk.class)
            .withMaxMessageBytes(4 << 20);

    @Test
    void aPayloadCrossesTheWireIntactAndTheHandlerSeesItsBytes() throws Exception {
        byte[] data = random(3 << 20, 1);
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(STORE, (peer, chunk) -> {
                ByteArrayOutputStream copy = new ByteArrayOutputStream();
                chunk.data().writeTo(Channels.newChannel(copy)); // the no-copy path a file write takes
                assertThat(copy.toByteArray()).isEqualTo(chunk.data().toByteArray());
                return new Sum(chunk.name(), chunk.data().length(), sha256(chunk.data().inputStream().readAllBytes()));
            });

            Sum sum = client.transport().request(server.address(), STORE, new Chunk("c1", Payload.wrap(data)))
                    .get(10, TimeUnit.SECONDS);

            assertThat(sum).isEqualTo(new Sum("c1", data.length, sha256(data)));
        }
    }

    @Test
    void aMappedFileIsSentAsItIs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] data = random(1 << 20, 6);
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("shard"), data);
        try (TestNodes nodes = new TestNodes();
             java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(STORE, (peer, chunk) -> new Sum(chunk.name(), chunk.data().length(),
                    sha256(chunk.data().toByteArray())));
            java.nio.MappedByteBuffer mapped = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0,
                    data.length);
            mapped.position(100); // the payload is what remains from here

            Payload payload = Payload.wrap(mapped);
            mapped.position(0); // moving the buffer afterwards changes nothing
            Sum sum = client.transport().request(server.address(), STORE, new Chunk("f", payload))
                    .get(10, TimeUnit.SECONDS);

            assertThat(sum).isEqualTo(new Sum("f", data.length - 100,
                    sha256(java.util.Arrays.copyOfRange(data, 100, data.length))));
            assertThat(payload.wrappedBuffer().isReadOnly()).isTrue();
            byte[] some = new byte[3];
            payload.read(1, some, 0, 3);
            assertThat(some).containsExactly(data[101], data[102], data[103]);
        }
    }

    @Test
    void aReceivedPayloadWritesItsPiecesToAFileInGatheringWrites(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        byte[] data = random(3 << 20, 7); // arrives in many TLS records: a frame of many pieces
        java.nio.file.Path file = dir.resolve("copy");
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(STORE, (peer, chunk) -> {
                // A file channel takes a gathering write; a double that takes at most 10,000 bytes a call shows the
                // loop carries on where the last write stopped, across pieces.
                try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(file,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                    assertThat(chunk.data().writeTo(out)).isEqualTo(data.length);
                }
                ShortGatheringWrites dribble = new ShortGatheringWrites(10_000);
                assertThat(chunk.data().writeTo(dribble)).isEqualTo(data.length);
                assertThat(dribble.bytes.toByteArray()).isEqualTo(data);
                assertThat(dribble.calls).isGreaterThan(data.length / 10_000);
                return new Sum(chunk.name(), chunk.data().length(), "");
            });

            client.transport().request(server.address(), STORE, new Chunk("g", Payload.wrap(data)))
                    .get(10, TimeUnit.SECONDS);

            assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(data);
        }
    }

    /** A gathering channel that takes at most {@code max} bytes per call, from as many buffers as that spans. */
    static final class ShortGatheringWrites implements java.nio.channels.GatheringByteChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int max;
        int calls;

        ShortGatheringWrites(int max) {
            this.max = max;
        }

        @Override
        public long write(java.nio.ByteBuffer[] sources, int offset, int length) {
            calls++;
            long taken = 0;
            for (int i = offset; i < offset + length && taken < max; i++) {
                java.nio.ByteBuffer source = sources[i];
                int n = (int) Math.min(source.remaining(), max - taken);
                byte[] some = new byte[n];
                source.get(some);
                bytes.writeBytes(some);
                taken += n;
            }
            return taken;
        }

        @Override
        public long write(java.nio.ByteBuffer[] sources) {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(java.nio.ByteBuffer source) {
            return (int) write(new java.nio.ByteBuffer[] {source});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aReceivedPayloadIsUnusableOnceItsHandlerReturned() throws Exception {
        AtomicReference<Payload> kept = new AtomicReference<>();
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(STORE, (peer, chunk) -> {
                kept.set(chunk.data());
                return new Sum(chunk.name(), chunk.data().length(), "");
            });

            client.transport().request(server.address(), STORE, new Chunk("c", Payload.wrap(random(100_000, 2))))
                    .get(10, TimeUnit.SECONDS);

            Payload late = kept.get();
            assertThat(late.length()).isEqualTo(100_000);
            assertThatThrownBy(late::toByteArray).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("released");
            assertThatThrownBy(() -> late.writeTo(Channels.newChannel(new ByteArrayOutputStream())))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> late.inputStream().read()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aPayloadInAResponseIsTheCallersOwnAndAReceivedOneCanBeForwarded() throws Exception {
        byte[] data = random(200_000, 3);
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            // The handler answers with the payload it received: encoded from the view before the view is released.
            server.transport().register(ECHO, (peer, chunk) -> chunk);

            CompletableFuture<Chunk> echo = client.transport().request(server.address(), ECHO,
                    new Chunk("e", Payload.wrap(data)));
            Chunk back = echo.get(10, TimeUnit.SECONDS);

            assertThat(back.data().toByteArray()).isEqualTo(data);
            assertThat(back.data().wrappedArray()).isNotNull().isNotSameAs(data);
        }
    }

    @Test
    void payloadsOfAnySizeAreRawSectionsAndEmptyOnesStayInTheCbor() {
        Two two = new Two(Payload.wrap(new byte[] {1, 2, 3}), Payload.wrap(new byte[0]));
        MessageCodec.Encoded encoded = MessageCodec.encodeMessage(two, 1 << 20, "two");
        try {
            assertThat(encoded.flags()).isEqualTo(Frame.FLAG_RAW);
            assertThat(encoded.payload().getInt(encoded.payload().readerIndex())).as("sections").isEqualTo(1);
            Two back = MessageCodec.decodeMessage(encoded.payload(), encoded.flags(), Two.class, "two");
            assertThat(back.first().toByteArray()).containsExactly(1, 2, 3);
            assertThat(back.second().length()).isZero();
        } finally {
            encoded.payload().release();
        }
    }

    @Test
    void viewsShareTheFrameAndReleaseItWhenTheHandlerIsDone() {
        Chunk chunk = new Chunk("v", Payload.wrap(random(70_000, 4)));
        MessageCodec.Encoded encoded = MessageCodec.encodeMessage(chunk, 1 << 20, "chunk");
        ByteBuf frame = Unpooled.copiedBuffer(encoded.payload());
        encoded.payload().release();
        PayloadViews views = new PayloadViews();

        Chunk back = MessageCodec.decodeMessage(frame, Frame.FLAG_RAW, Chunk.class, "chunk", views);
        frame.release(); // the dispatcher's own reference goes as soon as the message is decoded

        assertThat(frame.refCnt()).as("held by the view").isEqualTo(1);
        assertThat(back.data().toByteArray()).isEqualTo(chunk.data().toByteArray());
        views.releaseAll();
        assertThat(frame.refCnt()).isZero();
        assertThatThrownBy(() -> back.data().read(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void outOfRangeReadsAreRefused() {
        PayloadViews views = new PayloadViews();
        MessageCodec.Encoded encoded = MessageCodec.encodeMessage(new Chunk("r", Payload.wrap(new byte[10])),
                1 << 20, "chunk");
        try {
            Chunk back = MessageCodec.decodeMessage(encoded.payload(), Frame.FLAG_RAW, Chunk.class, "chunk", views);
            assertThatThrownBy(() -> back.data().read(5, new byte[10], 0, 6))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> back.data().read(-1, new byte[10], 0, 1))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> back.data().read(0, new byte[3], 0, 4))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            views.releaseAll();
            encoded.payload().release();
        }
    }

    @Test
    void hostileReferencesToPayloadSectionsAreUndecodable() {
        byte[] section = random(10, 5);
        byte[] twice = raw(cbor(0xa2, text("first"), ref(0), text("second"), ref(0)), section);
        byte[] missing = raw(cbor(0xa2, text("first"), ref(0), text("second"), ref(1)), section);
        byte[] outside = cbor(0xa2, text("name"), text("x"), text("data"), ref(0));
        PayloadViews views = new PayloadViews();
        assertUndecodable(twice, Frame.FLAG_RAW, Two.class, views, "referenced twice");
        assertUndecodable(missing, Frame.FLAG_RAW, Two.class, views, "does not exist");
        assertUndecodable(outside, 0, Chunk.class, views, "");
        views.releaseAll();
    }

    static IntStream cases() {
        return IntStream.range(0, HostileInput.cases(200));
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void mutatedPayloadMessagesDecodeOrFailAsUndecodableAndLeakNothing(int index) {
        HostileInput gen = HostileInput.forCase(50_000 + index);
        MessageCodec.Encoded one = MessageCodec.encodeMessage(new Chunk("m", Payload.wrap(gen.noise(200))), 1 << 20,
                "chunk");
        MessageCodec.Encoded two = MessageCodec.encodeMessage(new Two(Payload.wrap(gen.noise(40)),
                Payload.wrap(gen.noise(40))), 1 << 20, "two");
        byte[] mutated = gen.mutate(List.of(bytes(one.payload()), bytes(two.payload())));
        one.payload().release();
        two.payload().release();
        for (Class<?> type : List.of(Chunk.class, Two.class)) {
            ByteBuf frame = Unpooled.wrappedBuffer(mutated);
            PayloadViews views = new PayloadViews();
            try {
                Object value = MessageCodec.decodeMessage(frame, Frame.FLAG_RAW, type, "fuzz", views);
                assertThat(value).isInstanceOf(type);
            } catch (PeerProtocolException e) {
                assertThat(e.reason).isEqualTo(ErrorReason.UNDECODABLE);
            } finally {
                views.releaseAll();
                frame.release();
            }
            assertThat(frame.refCnt()).as("no view outlives its handler").isZero();
        }
    }

    private static void assertUndecodable(byte[] payload, int flags, Class<?> type, PayloadViews views, String why) {
        assertThatThrownBy(() -> MessageCodec.decodeMessage(Unpooled.wrappedBuffer(payload), flags, type, "x", views))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining(why);
    }

    private static byte[] raw(byte[] cbor, byte[]... sections) {
        ByteBuf out = Unpooled.buffer();
        out.writeInt(sections.length);
        for (byte[] s : sections) {
            out.writeInt(s.length);
        }
        out.writeBytes(cbor);
        for (byte[] s : sections) {
            out.writeBytes(s);
        }
        return bytes(out);
    }

    private static byte[] cbor(int head, byte[]... items) {
        ByteBuf out = Unpooled.buffer().writeByte(head);
        for (byte[] item : items) {
            out.writeBytes(item);
        }
        return bytes(out);
    }

    /** A raw section reference: tag 0x51520001 (0xda + 4 bytes), then the index as a small unsigned integer. */
    private static byte[] ref(int index) {
        return new byte[] {(byte) 0xda, 0x51, 0x52, 0x00, 0x01, (byte) index};
    }

    private static byte[] text(String s) {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = (byte) (0x60 + utf8.length);
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }

    private static byte[] bytes(ByteBuf buffer) {
        byte[] out = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), out);
        return out;
    }

    private static byte[] random(int size, long seed) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
