package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a {@link Frame} as length, header and payload. The payload goes out as it is (a composite payload of
 * {@link #SPLIT_BYTES} or more as its parts), after a separate 12-byte head, so a large message is never copied
 * to be framed. Stateless: one shared instance.
 */
@Sharable
final class FrameEncoder extends MessageToMessageEncoder<Frame> {

    static final FrameEncoder INSTANCE = new FrameEncoder();

    /** A composite payload of at least this many bytes goes out as its parts. */
    static final int SPLIT_BYTES = 64 * 1024;

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
        if (payload instanceof CompositeByteBuf composite && composite.readableBytes() >= SPLIT_BYTES) {
            // A large message is a composite (raw sections beside the CBOR, or CBOR that took several chunks): its
            // parts go out one by one, so the TLS stage takes a large section as the plain buffer it wraps (one
            // slice per record, as bare Netty writes it) rather than looking each record's bytes up in the
            // composite. Each part holds its own reference; the frame's is released by the encoder after this
            // returns. A smaller composite stays one write: fewer writes and promises, and it fits a few records.
            for (ByteBuf part : composite.decompose(composite.readerIndex(), composite.readableBytes())) {
                out.add(part.retain());
            }
        } else if (payload.isReadable()) {
            // The encoder releases the frame after this returns; the payload travels on with its own reference.
            out.add(payload.retain());
        }
    }
}
