package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FrameEncoder}: the bytes on the wire, and who holds which buffer once a frame is written. */
class FrameEncoderTest {

    @Test
    void aLargeCompositeGoesOutAsItsPartsAndEveryPartIsReleasedOnce() {
        byte[] table = {0, 0, 0, 1, 0, 1, (byte) 0x90, 0};
        byte[] section = random(FrameEncoder.SPLIT_BYTES + 1000, 1);
        ByteBuf source = Unpooled.buffer(5000).writeBytes(random(5000, 2)); // a received frame, say
        ByteBuf wrapped = Unpooled.wrappedBuffer(section);
        ByteBuf tablePart = Frame.ALLOCATOR.heapBuffer(table.length).writeBytes(table);
        CompositeByteBuf payload = Frame.ALLOCATOR.compositeHeapBuffer(Integer.MAX_VALUE)
                .addComponent(true, tablePart)
                .addComponent(true, wrapped)
                .addComponent(true, source.retainedSlice(1000, 3000)); // forwarded: a view holding its own reference

        List<ByteBuf> written = write(new Frame(FrameType.REQUEST, Frame.FLAG_RAW, 3, 7, payload));

        assertThat(written).hasSize(4); // the head, then the three parts
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(head(FrameType.REQUEST, Frame.FLAG_RAW, 3, 7, table.length + section.length + 3000));
        expected.writeBytes(table);
        expected.writeBytes(section);
        expected.write(source.array(), 1000, 3000);
        assertThat(concat(written)).isEqualTo(expected.toByteArray());
        // The frame (and with it the composite) is released; each part holds one reference to its buffer (the
        // forwarded view's source keeps ours as well).
        assertThat(payload.refCnt()).isZero();
        assertThat(wrapped.refCnt()).isOne();
        assertThat(tablePart.refCnt()).isOne();
        assertThat(source.refCnt()).isEqualTo(2);
        written.forEach(ByteBuf::release);
        assertThat(wrapped.refCnt()).isZero();
        assertThat(source.refCnt()).isOne(); // ours again, as before the frame
        source.release();
    }

    @Test
    void theSplitStartsAtExactlySplitBytes() {
        for (int size : new int[] {FrameEncoder.SPLIT_BYTES - 1, FrameEncoder.SPLIT_BYTES}) {
            CompositeByteBuf payload = Frame.ALLOCATOR.compositeHeapBuffer(Integer.MAX_VALUE)
                    .addComponent(true, Unpooled.wrappedBuffer(new byte[100]))
                    .addComponent(true, Unpooled.wrappedBuffer(new byte[size - 100]));

            List<ByteBuf> written = write(new Frame(FrameType.RESPONSE, Frame.FLAG_RAW, Frame.NO_PROTOCOL, 1,
                    payload));

            assertThat(written).as("writes for %d bytes", size).hasSize(size < FrameEncoder.SPLIT_BYTES ? 2 : 3);
            assertThat(concat(written)).hasSize(12 + size);
            written.forEach(ByteBuf::release);
        }
    }

    @Test
    void aSmallCompositeStaysOneWrite() {
        byte[] cbor = random(3000, 3);
        CompositeByteBuf payload = Frame.ALLOCATOR.compositeHeapBuffer(Integer.MAX_VALUE)
                .addComponent(true, Unpooled.wrappedBuffer(cbor, 0, 512))
                .addComponent(true, Unpooled.wrappedBuffer(cbor, 512, cbor.length - 512));

        List<ByteBuf> written = write(new Frame(FrameType.RESPONSE, 0, Frame.NO_PROTOCOL, 9, payload));

        assertThat(written).hasSize(2);
        assertThat(written.get(1)).isSameAs(payload);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(head(FrameType.RESPONSE, 0, Frame.NO_PROTOCOL, 9, cbor.length));
        expected.writeBytes(cbor);
        assertThat(concat(written)).isEqualTo(expected.toByteArray());
        written.forEach(ByteBuf::release);
        assertThat(payload.refCnt()).isZero();
    }

    @Test
    void anEmptyPayloadWritesTheHeadAlone() {
        CompositeByteBuf empty = Frame.ALLOCATOR.compositeHeapBuffer(4);

        List<ByteBuf> written = write(new Frame(FrameType.STREAM_END, 0, Frame.NO_PROTOCOL, 5, empty));

        assertThat(written).hasSize(1);
        assertThat(concat(written)).isEqualTo(head(FrameType.STREAM_END, 0, Frame.NO_PROTOCOL, 5, 0));
        written.forEach(ByteBuf::release);
        assertThat(empty.refCnt()).isZero();
    }

    private static List<ByteBuf> write(Frame frame) {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
        assertThat(channel.writeOutbound(frame)).isTrue();
        List<ByteBuf> written = new ArrayList<>();
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            written.add(out);
        }
        channel.finishAndReleaseAll();
        return written;
    }

    private static byte[] head(FrameType type, int flags, int protocol, int callId, int payloadBytes) {
        return Unpooled.buffer(12).writeInt(Frame.HEADER_BYTES + payloadBytes).writeByte(type.code).writeByte(flags)
                .writeShort(protocol).writeInt(callId).array();
    }

    private static byte[] concat(List<ByteBuf> buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buffer : buffers) {
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.getBytes(buffer.readerIndex(), bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
