package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    @Test
    void largeFrameArrivingInRecordsDecodesIntactAndSmallOnesFollow() {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(5).nextBytes(big);
        byte[] wire = RawFrames.concat(RawFrames.frame(FrameType.REQUEST, 0, 3, 7, big),
                RawFrames.frame(FrameType.CANCEL, 0, Frame.NO_PROTOCOL, 7, new byte[0]),
                RawFrames.frame(FrameType.ONEWAY, 0, 1, 0, new byte[] {1, 2, 3}));
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4 * 1024 * 1024));

        for (int at = 0; at < wire.length; at += 16_384) {
            channel.writeInbound(Unpooled.wrappedBuffer(wire, at, Math.min(16_384, wire.length - at)));
        }

        Frame request = channel.readInbound();
        assertThat(request.type).isEqualTo(FrameType.REQUEST);
        assertThat(request.protocol).isEqualTo(3);
        assertThat(ByteBufBytes.of(request.content())).isEqualTo(big);
        request.release();
        Frame cancel = channel.readInbound();
        assertThat(cancel.type).isEqualTo(FrameType.CANCEL);
        cancel.release();
        Frame oneWay = channel.readInbound();
        assertThat(ByteBufBytes.of(oneWay.content())).containsExactly(1, 2, 3);
        oneWay.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void rejectsFrameLargerThanMaxBeforeItArrives() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4096));
        ByteBuf header = Unpooled.buffer().writeInt(4097);

        assertThatThrownBy(() -> channel.writeInbound(header)).isInstanceOf(TooLongFrameException.class);
        channel.finishAndReleaseAll();
    }

    @Test
    void rejectsHeadersThatBreakTheRules() {
        byte[][] bad = {
            RawFrames.frame(FrameType.ONEWAY, 0, Frame.NO_PROTOCOL, 0, new byte[1]), // no protocol index
            RawFrames.frame(FrameType.RESPONSE, 0, Frame.NO_PROTOCOL, 0, new byte[1]), // call id 0
            RawFrames.frame(FrameType.CREDIT, 0, Frame.NO_PROTOCOL, 3, new byte[3]), // credit not 4 bytes
            RawFrames.frame(FrameType.REQUEST, 3, 0, 1, new byte[1]), // upload and download at once
            RawFrames.frame(FrameType.REQUEST, 7, 0, 1, new byte[1]), // the same, with raw sections
            RawFrames.frame(FrameType.REQUEST, 8, 0, 1, new byte[1]), // an unknown flag
            RawFrames.frame(FrameType.ERROR, Frame.FLAG_RAW, Frame.NO_PROTOCOL, 1, new byte[1]), // raw on ERROR
            RawFrames.frame(FrameType.HELLO, Frame.FLAG_RAW, Frame.NO_PROTOCOL, 0, new byte[1]), // raw on HELLO
            RawFrames.frame(FrameType.STREAM_DATA, Frame.FLAG_RAW, Frame.NO_PROTOCOL, 1, new byte[1]),
            {0, 0, 0, 8, 42, 0, 0, 0, 0, 0, 0, 1}, // unknown type
            {0, 0, 0, 3, 1, 0, 0}, // shorter than a header
        };
        for (byte[] frame : bad) {
            EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4096));
            assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(frame)))
                    .isInstanceOf(CorruptedFrameException.class);
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void acceptsTheRawSectionFlagOnMessageFrames() {
        byte[] wire = RawFrames.concat(
                RawFrames.frame(FrameType.REQUEST, Frame.FLAG_RAW | Frame.FLAG_UPLOAD, 0, 1, new byte[1]),
                RawFrames.frame(FrameType.RESPONSE, Frame.FLAG_RAW, Frame.NO_PROTOCOL, 2, new byte[1]),
                RawFrames.frame(FrameType.ONEWAY, Frame.FLAG_RAW, 4, 0, new byte[1]));
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4096));

        channel.writeInbound(Unpooled.wrappedBuffer(wire));

        for (int flags : new int[] {Frame.FLAG_RAW | Frame.FLAG_UPLOAD, Frame.FLAG_RAW, Frame.FLAG_RAW}) {
            Frame frame = channel.readInbound();
            assertThat(frame.flags).isEqualTo(flags);
            frame.release();
        }
        assertThat(HandlerKind.ofFlags(Frame.FLAG_RAW | Frame.FLAG_UPLOAD)).isEqualTo(HandlerKind.UPLOAD);
        assertThat(HandlerKind.ofFlags(Frame.FLAG_RAW | Frame.FLAG_DOWNLOAD)).isEqualTo(HandlerKind.DOWNLOAD);
        assertThat(HandlerKind.ofFlags(Frame.FLAG_RAW)).isEqualTo(HandlerKind.REQUEST);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    /** Reads a buffer's readable bytes without moving its indices. */
    static final class ByteBufBytes {
        static byte[] of(ByteBuf buffer) {
            byte[] out = new byte[buffer.readableBytes()];
            buffer.getBytes(buffer.readerIndex(), out);
            return out;
        }
    }
}
