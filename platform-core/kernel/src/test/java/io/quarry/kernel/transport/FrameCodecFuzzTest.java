package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.quarry.testing.HostileInput;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The frame codec against random, valid and mutated input, in memory on {@link EmbeddedChannel}s. */
class FrameCodecFuzzTest {

    private static final int MAX_FRAME = 1024;

    record Spec(FrameType type, int flags, int protocol, int callId, byte[] payload) {
    }

    static IntStream cases() {
        return IntStream.range(0, HostileInput.cases(300));
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void randomBytesYieldWellFormedFramesOrACleanError(int index) {
        HostileInput gen = HostileInput.forCase(index);
        byte[] bytes = gen.noise(3000);
        List<Frame> frames = decode(bytes, 1 + gen.nextInt(700));
        frames.forEach(FrameCodecFuzzTest::checkWellFormed);
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void validFramesSurviveARoundTrip(int index) {
        HostileInput gen = HostileInput.forCase(10_000 + index);
        List<Spec> specs = frames(gen);
        List<Frame> decoded = decode(encode(specs), 1 + gen.nextInt(97));

        assertThat(decoded).hasSameSizeAs(specs);
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            Frame frame = decoded.get(i);
            assertThat(new Spec(frame.type, frame.flags, frame.protocol, frame.callId, bytes(frame.content())))
                    .usingRecursiveComparison().isEqualTo(spec);
        }
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void mutatedFramesDecodeOrFailCleanly(int index) {
        HostileInput gen = HostileInput.forCase(20_000 + index);
        byte[] wire = encode(frames(gen));
        if (wire.length == 0) {
            return;
        }
        byte[] mutated = gen.mutate(List.of(wire));
        decode(mutated, 1 + gen.nextInt(50)).forEach(FrameCodecFuzzTest::checkWellFormed);
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void randomPayloadsNeverEscapeTheMessageDecoder(int index) {
        byte[] bytes = HostileInput.forCase(30_000 + index).noise(300);
        for (Class<?> type : List.of(Hello.class, WireError.class, Messages.Ping.class, Messages.Blob.class)) {
            for (int flags : new int[] {0, Frame.FLAG_RAW}) {
                try {
                    MessageCodec.decodeMessage(Unpooled.wrappedBuffer(bytes), flags, type, "fuzz");
                } catch (PeerProtocolException e) {
                    assertThat(e.reason).isEqualTo(ErrorReason.UNDECODABLE);
                }
            }
        }
    }

    /** Up to six valid frame specs of random types, flags, protocols, call ids and payloads. */
    private static List<Spec> frames(HostileInput gen) {
        List<Spec> specs = new ArrayList<>();
        int count = gen.nextInt(7);
        FrameType[] types = FrameType.values();
        for (int i = 0; i < count; i++) {
            int callId = gen.nextInt(Integer.MAX_VALUE) + 1;
            specs.add(spec(types[gen.nextInt(types.length)], gen.nextInt(3) | gen.oneOf(0, Frame.FLAG_RAW),
                    gen.nextInt(0xFFFF), callId, gen.noise(200)));
        }
        return specs;
    }

    private static Spec spec(FrameType type, int flags, int protocol, int callId, byte[] payload) {
        byte[] body = switch (type) {
            case STREAM_END, CANCEL -> new byte[0];
            case CREDIT -> Arrays.copyOf(payload, 4);
            case STREAM_DATA -> payload.length == 0 ? new byte[] {1} : payload;
            default -> payload;
        };
        int allowed = switch (type) {
            case REQUEST -> flags;
            case RESPONSE, ONEWAY -> flags & Frame.FLAG_RAW;
            default -> 0;
        };
        return new Spec(type, allowed, type.namesProtocol() ? protocol : Frame.NO_PROTOCOL,
                type.belongsToCall() ? callId : 0, body);
    }

    /** Feeds {@code bytes} in pieces; returns the frames read before any decoder error. */
    private static List<Frame> decode(byte[] bytes, int split) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        List<Frame> frames = new ArrayList<>();
        try {
            for (int at = 0; at < bytes.length; at += split) {
                channel.writeInbound(Unpooled.copiedBuffer(bytes, at, Math.min(split, bytes.length - at)));
                for (Object frame; (frame = channel.readInbound()) != null; ) {
                    frames.add(copy((Frame) frame));
                }
            }
        } catch (DecoderException e) {
            assertThat(e).isInstanceOfAny(TooLongFrameException.class, CorruptedFrameException.class);
        }
        try {
            // Closing decodes what is left over, which may be the start of a bad frame too.
            channel.finishAndReleaseAll();
        } catch (DecoderException e) {
            assertThat(e).isInstanceOfAny(TooLongFrameException.class, CorruptedFrameException.class);
        }
        return frames;
    }

    private static byte[] encode(List<Spec> specs) {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Spec spec : specs) {
            channel.writeOutbound(new Frame(spec.type(), spec.flags(), spec.protocol(), spec.callId(),
                    Unpooled.wrappedBuffer(spec.payload())));
            for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
                wire.writeBytes(bytes(out));
                out.release();
            }
        }
        channel.finishAndReleaseAll();
        return wire.toByteArray();
    }

    private static void checkWellFormed(Frame frame) {
        assertThat(frame.type).isNotNull();
        assertThat(frame.content().readableBytes()).isLessThanOrEqualTo(MAX_FRAME - Frame.HEADER_BYTES);
        assertThat(frame.type.namesProtocol()).isEqualTo(frame.protocol != Frame.NO_PROTOCOL);
        assertThat(frame.type.belongsToCall()).isEqualTo(frame.callId != 0);
    }

    /** A heap copy, so the decoder's buffer is released here and leaks would show. */
    private static Frame copy(Frame frame) {
        try {
            return new Frame(frame.type, frame.flags, frame.protocol, frame.callId,
                    Unpooled.wrappedBuffer(bytes(frame.content())));
        } finally {
            frame.release();
        }
    }

    private static byte[] bytes(ByteBuf buffer) {
        byte[] out = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), out);
        return out;
    }


}
