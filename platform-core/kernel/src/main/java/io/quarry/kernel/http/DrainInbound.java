package io.quarry.kernel.http;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Put first in the pipeline of a connection that is being closed: drops every inbound byte so nothing more
 * is decoded or answered. Stateless, so one instance serves every channel.
 */
@Sharable
final class DrainInbound extends ChannelInboundHandlerAdapter {

    static final DrainInbound INSTANCE = new DrainInbound();

    private DrainInbound() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The connection is on its way out; a reset now is expected and not worth a log line.
        ctx.close();
    }
}
