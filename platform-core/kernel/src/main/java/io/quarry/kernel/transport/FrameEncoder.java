package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a {@link Frame} as length, header and payload. The payload buffer goes out as it is, after a
 * separate 12-byte head, so a large message is never copied to be framed. Stateless: one shared instance.
 */
@Sharable
final class FrameEncoder extends MessageToMessageEncoder<Frame> {

    static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf payload = frame.content();
        ByteBuf head = ctx.alloc().buffer(4 + Frame.HEADER_BYTES);
        head.writeInt(Frame.HEADER_BYTES + payload.readableBytes())
                .writeByte(frame.type.code)
                .writeByte(frame.flags)
                .writeShort(frame.protocol)
                .writeInt(frame.callId);
        out.add(head);
        if (payload.isReadable()) {
            // The encoder releases the frame after this returns; the payload travels on with its own reference.
            out.add(payload.retain());
        }
    }
}
