package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.quarry.api.transport.TransportException;
import io.quarry.testing.HostileInput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Protocol messages whose large byte arrays travel as raw sections beside the CBOR, and hostile variants. */
class RawSectionsTest {

    private static final int BIG = RawSections.MIN_BYTES;

    record Shard(String name, byte[] data, byte[] checksum, List<byte[]> parity, int index) {
    }

    record Blob(byte[] data) {
    }

    record Pair(Blob first, Blob second) {
    }

    @Test
    void largeArraysTravelAsRawSectionsAndComeBackIntact() {
        Shard shard = new Shard("s1", random(3 * BIG + 5, 1), random(32, 2),
                List.of(random(BIG, 3), random(100, 4), random(2 * BIG, 5)), 7);

        MessageCodec.Encoded encoded = MessageCodec.encodeMessage(shard, 1 << 20, "shard");
        try {
            assertThat(encoded.flags()).isEqualTo(Frame.FLAG_RAW);
            ByteBuf payload = encoded.payload();
            assertThat(payload.getInt(payload.readerIndex())).as("section count").isEqualTo(3);
            Shard back = MessageCodec.decodeMessage(payload, encoded.flags(), Shard.class, "shard");
            assertThat(back).usingRecursiveComparison().isEqualTo(shard);
        } finally {
            encoded.payload().release();
        }
    }

    @Test
    void messagesWithoutLargeArraysStayPlainCbor() {
        Shard small = new Shard("s", random(BIG - 1, 1), new byte[0], List.of(), 1);

        MessageCodec.Encoded encoded = MessageCodec.encodeMessage(small, 1 << 20, "shard");
        ByteBuf plain = MessageCodec.encode(small, 1 << 20, "shard");
        try {
            assertThat(encoded.flags()).isZero();
            assertThat(bytes(encoded.payload())).isEqualTo(bytes(plain));
            assertThat(MessageCodec.decodeMessage(encoded.payload(), 0, Shard.class, "shard"))
                    .usingRecursiveComparison().isEqualTo(small);
        } finally {
            encoded.payload().release();
            plain.release();
        }
    }

    @Test
    void limitCountsTheSectionsAndTheirTable() {
        Blob blob = new Blob(new byte[BIG]);
        int exact = encodedSize(blob);

        assertThat(exact - BIG - RawSections.tableBytes(1)).as("CBOR bytes").isBetween(1, 32);
        MessageCodec.encodeMessage(blob, exact, "blob").payload().release();
        assertThatThrownBy(() -> MessageCodec.encodeMessage(blob, exact - 1, "blob"))
                .isInstanceOf(TransportException.class)
                .hasMessage("blob exceeds its limit of " + (exact - 1) + " bytes");
    }

    @Test
    void oversizeArrayIsRefusedBeforeItIsCopied() {
        assertThatThrownBy(() -> MessageCodec.encodeMessage(new Blob(new byte[4 * BIG]), 2 * BIG, "blob"))
                .isInstanceOf(TransportException.class).hasMessageContaining("exceeds its limit of " + 2 * BIG);
    }

    @Test
    void sameArrayTwiceBecomesTwoSections() {
        byte[] shared = random(BIG, 9);
        Pair pair = new Pair(new Blob(shared), new Blob(shared));

        MessageCodec.Encoded encoded = MessageCodec.encodeMessage(pair, 1 << 20, "pair");
        try {
            Pair back = MessageCodec.decodeMessage(encoded.payload(), encoded.flags(), Pair.class, "pair");
            assertThat(back.first().data()).isEqualTo(shared).isNotSameAs(back.second().data());
            assertThat(back.second().data()).isEqualTo(shared);
        } finally {
            encoded.payload().release();
        }
    }

    @Test
    void decodesFromACompositeOfSmallPieces() {
        Blob blob = new Blob(random(BIG + 1000, 11));
        byte[] wire = wire(blob);
        CompositeByteBuf pieces = Unpooled.compositeBuffer(1024);
        for (int at = 0; at < wire.length; at += 1000) {
            pieces.addComponent(true,
                    Unpooled.wrappedBuffer(wire, at, Math.min(1000, wire.length - at)));
        }

        assertThat(MessageCodec.decodeMessage(pieces, Frame.FLAG_RAW, Blob.class, "blob").data())
                .isEqualTo(blob.data());
        pieces.release();
    }

    @Test
    void truncatedSectionIsUndecodable() {
        byte[] wire = wire(new Blob(random(BIG, 1)));

        // The table still adds up, so the bytes are taken from the CBOR, which then ends too soon.
        assertUndecodable(Arrays.copyOf(wire, wire.length - 1), "Unexpected end-of-input");
        assertUndecodable(Arrays.copyOf(wire, 16), "does not fit");
    }

    @Test
    void lengthsThatLieAreUndecodable() {
        byte[] wire = wire(new Blob(random(BIG, 1)));
        int cbor = wire.length - 8 - BIG;

        assertUndecodable(withInt(wire, 4, BIG + cbor), "does not fit"); // swallows the CBOR
        assertUndecodable(withInt(wire, 4, Integer.MAX_VALUE), "does not fit");
        assertUndecodable(withInt(wire, 4, -1), "does not fit"); // 4 GiB - 1 unsigned
        assertUndecodable(withInt(wire, 4, 0), "does not fit");
        assertUndecodable(withInt(wire, 4, BIG - 1), "is not a CBOR Blob"); // a section byte joins the CBOR
        assertUndecodable(withInt(wire, 0, 0), "raw section count 0");
        assertUndecodable(withInt(wire, 0, RawSections.MAX_SECTIONS + 1), "raw section count");
        assertUndecodable(withInt(wire, 0, 2), "does not fit"); // a second length that is CBOR bytes
        assertUndecodable(withInt(wire, 0, -1), "raw section count");
        assertUndecodable(new byte[] {0, 0}, "too short");
        assertUndecodable(new byte[] {0, 0, 0, 1, 0, 0, 0, 1}, "does not fit");
    }

    @Test
    void referencesToMissingOrTakenSectionsAreUndecodable() {
        byte[] one = random(10, 1);
        // CBOR {"first": {"data": ref 0}, "second": {"data": ref 0}}: one section, referenced twice.
        assertUndecodable(rawPayload(pairCbor(0, 0), one), Pair.class, "referenced twice");
        assertUndecodable(rawPayload(pairCbor(0, 1), one), Pair.class, "raw section 1 does not exist");
        assertUndecodable(rawPayload(blobCbor(0), one, one), "1 of 2 raw sections are never referenced");
        assertThat(MessageCodec.decodeMessage(Unpooled.wrappedBuffer(rawPayload(pairCbor(1, 0), one, random(3, 2))),
                Frame.FLAG_RAW, Pair.class, "pair").second().data()).isEqualTo(one);
    }

    @Test
    void referenceOutsideARawPayloadIsUndecodable() {
        assertThatThrownBy(() -> MessageCodec.decodeMessage(Unpooled.wrappedBuffer(blobCbor(0)), 0, Blob.class, "blob"))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("without raw sections");
        assertThatThrownBy(() -> MessageCodec.decode(Unpooled.wrappedBuffer(blobCbor(0)), Blob.class, "HELLO"))
                .isInstanceOf(PeerProtocolException.class).hasMessageContaining("without raw sections");
    }

    @Test
    void plainCborSentWithTheRawFlagIsUndecodable() {
        ByteBuf plain = MessageCodec.encode(new Blob(new byte[10]), 1 << 20, "blob");
        try {
            assertThatThrownBy(() -> MessageCodec.decodeMessage(plain, Frame.FLAG_RAW, Blob.class, "blob"))
                    .isInstanceOf(PeerProtocolException.class);
        } finally {
            plain.release();
        }
    }

    static IntStream cases() {
        return IntStream.range(0, HostileInput.cases(300));
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void mutatedRawPayloadsDecodeOrFailAsUndecodable(int index) {
        HostileInput gen = HostileInput.forCase(40_000 + index);
        List<byte[]> samples = List.of(
                rawPayload(blobCbor(0), gen.noise(300)),
                rawPayload(pairCbor(1, 0), gen.noise(50), gen.noise(50)),
                wire(new Shard("x", random(BIG, index), new byte[3], List.of(random(BIG, 1)), 2)));
        byte[] mutated = gen.mutate(samples);
        for (Class<?> type : List.of(Blob.class, Pair.class, Shard.class, Messages.Ping.class)) {
            try {
                Object value = MessageCodec.decodeMessage(Unpooled.wrappedBuffer(mutated), Frame.FLAG_RAW, type,
                        "fuzz");
                assertThat(value).isInstanceOf(type);
            } catch (PeerProtocolException e) {
                assertThat(e.reason).isEqualTo(ErrorReason.UNDECODABLE);
            }
        }
    }

    private static void assertUndecodable(byte[] payload, String why) {
        assertUndecodable(payload, Blob.class, why);
    }

    private static void assertUndecodable(byte[] payload, Class<?> type, String why) {
        assertThatThrownBy(() -> MessageCodec.decodeMessage(Unpooled.wrappedBuffer(payload), Frame.FLAG_RAW,
                type, "message"))
                .isInstanceOfSatisfying(PeerProtocolException.class,
                        e -> assertThat(e.reason).isEqualTo(ErrorReason.UNDECODABLE))
                .hasMessageContaining(why);
    }

    /** The encoded payload of {@code message}, which must have raw sections. */
    private static byte[] wire(Object message) {
        MessageCodec.Encoded encoded = MessageCodec.encodeMessage(message, 16 << 20, "test");
        try {
            assertThat(encoded.flags()).isEqualTo(Frame.FLAG_RAW);
            return bytes(encoded.payload());
        } finally {
            encoded.payload().release();
        }
    }

    private static int encodedSize(Object message) {
        MessageCodec.Encoded encoded = MessageCodec.encodeMessage(message, 16 << 20, "test");
        try {
            return encoded.payload().readableBytes();
        } finally {
            encoded.payload().release();
        }
    }

    /** A hand-built raw payload: table, {@code cbor}, sections. */
    private static byte[] rawPayload(byte[] cbor, byte[]... sections) {
        int size = 4 + 4 * sections.length + cbor.length + Arrays.stream(sections).mapToInt(s -> s.length).sum();
        ByteBuffer out = ByteBuffer.allocate(size).putInt(sections.length);
        for (byte[] section : sections) {
            out.putInt(section.length);
        }
        out.put(cbor);
        for (byte[] section : sections) {
            out.put(section);
        }
        return out.array();
    }

    /** CBOR of {"data": ref}. */
    private static byte[] blobCbor(int ref) {
        return cat(new byte[] {(byte) 0xA1}, text("data"), reference(ref));
    }

    /** CBOR of {"first": {"data": ref}, "second": {"data": ref}}. */
    private static byte[] pairCbor(int first, int second) {
        return cat(new byte[] {(byte) 0xA2}, text("first"), blobCbor(first), text("second"), blobCbor(second));
    }

    private static byte[] reference(int index) {
        // tag (major type 6, 4-byte argument) then an unsigned integer below 24
        return ByteBuffer.allocate(6).put((byte) 0xDA).putInt(RawSections.TAG).put((byte) index).array();
    }

    private static byte[] text(String s) {
        return cat(new byte[] {(byte) (0x60 + s.length())}, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] cat(byte[]... parts) {
        return RawFrames.concat(parts);
    }

    private static byte[] withInt(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putInt(at, value);
        return copy;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(ByteBuf buffer) {
        byte[] out = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), out);
        return out;
    }
}
