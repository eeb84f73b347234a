package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/** Hand-built wire frames for tests that play a misbehaving peer. */
final class RawFrames {

    private RawFrames() {
    }

    static byte[] frame(FrameType type, int flags, int protocol, int callId, byte[] payload) {
        return ByteBuffer.allocate(4 + Frame.HEADER_BYTES + payload.length)
                .putInt(Frame.HEADER_BYTES + payload.length)
                .put((byte) type.code).put((byte) flags).putShort((short) protocol).putInt(callId)
                .put(payload).array();
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    /** {@code message} as plain CBOR, the payload of a HELLO or a message frame. */
    static byte[] cbor(Object message) {
        ByteBuf encoded = MessageCodec.encode(message, 1 << 20, "test");
        try {
            byte[] bytes = new byte[encoded.readableBytes()];
            encoded.readBytes(bytes);
            return bytes;
        } finally {
            encoded.release();
        }
    }
}
