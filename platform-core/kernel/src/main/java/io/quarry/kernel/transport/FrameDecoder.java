package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Cuts the decrypted byte stream into {@link Frame}s and checks each header's shape. A length beyond
 * {@code maxFrameBytes} fails at once with a {@code TooLongFrameException} (before the bytes arrive); a
 * header that breaks the rules of {@code package-info} fails with a {@link CorruptedFrameException}. Either
 * way the session cuts the peer off. Stateful (it accumulates bytes): one per channel.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    /**
     * Frames above this are accumulated without copying (see {@link #chooseCumulator}): large messages and stream
     * chunks (256 KiB by default), whose bytes then go from the TLS engine's output to the reader with no copy
     * in between.
     */
    private static final int LARGE_FRAME = 32 * 1024;

    private boolean composite;

    FrameDecoder(int maxFrameBytes) {
        // Length field: 4 bytes at offset 0, counting the bytes after it, stripped from the output.
        super(maxFrameBytes + 4, 0, 4, 0, 4, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        chooseCumulator(in);
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        boolean handedOver = false;
        try {
            Frame decoded = parse(frame);
            handedOver = true;
            return decoded;
        } finally {
            if (!handedOver) {
                frame.release();
            }
        }
    }

    /**
     * Picks how to accumulate the frame being read: small frames are merged into one buffer (cheap to
     * parse), a large frame is kept as the list of decrypted TLS records it arrives in, so it is neither
     * copied nor held in one big array (which the JVM would allocate outside its young generation).
     */
    private void chooseCumulator(ByteBuf in) {
        boolean large = in.readableBytes() >= 4 && in.getUnsignedInt(in.readerIndex()) > LARGE_FRAME;
        if (large != composite) {
            composite = large;
            setCumulator(large ? COMPOSITE_CUMULATOR : MERGE_CUMULATOR);
        }
    }

    /** Reads the header off {@code frame}; the rest of it becomes the payload. */
    static Frame parse(ByteBuf frame) {
        if (frame.readableBytes() < Frame.HEADER_BYTES) {
            throw new CorruptedFrameException("frame of " + frame.readableBytes() + " bytes is shorter than its "
                    + Frame.HEADER_BYTES + "-byte header");
        }
        int code = frame.readUnsignedByte();
        FrameType type = FrameType.of(code);
        if (type == null) {
            throw new CorruptedFrameException("unknown frame type " + code);
        }
        int flags = frame.readUnsignedByte();
        int protocol = frame.readUnsignedShort();
        int callId = frame.readInt();
        int streams = Frame.FLAG_UPLOAD | Frame.FLAG_DOWNLOAD;
        int allowedFlags = switch (type) {
            case REQUEST -> streams | Frame.FLAG_RAW;
            case RESPONSE, ONEWAY -> Frame.FLAG_RAW;
            default -> 0;
        };
        if ((flags & ~allowedFlags) != 0 || (flags & streams) == streams) {
            throw new CorruptedFrameException(type + " frame with flags " + flags);
        }
        if (type.namesProtocol() == (protocol == Frame.NO_PROTOCOL)) {
            throw new CorruptedFrameException(type + " frame with protocol index " + protocol);
        }
        if (type.belongsToCall() == (callId == 0)) {
            throw new CorruptedFrameException(type + " frame with call id " + Integer.toUnsignedString(callId));
        }
        int payload = frame.readableBytes();
        boolean sizeOk = switch (type) {
            case STREAM_END, CANCEL -> payload == 0;
            case CREDIT -> payload == 4;
            case STREAM_DATA -> payload > 0;
            default -> true;
        };
        if (!sizeOk) {
            throw new CorruptedFrameException(type + " frame with a " + payload + "-byte payload");
        }
        return new Frame(type, flags, protocol, callId, frame);
    }
}
