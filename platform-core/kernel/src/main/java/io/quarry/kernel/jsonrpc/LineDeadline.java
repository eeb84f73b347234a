package io.quarry.kernel.jsonrpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line must be complete within {@link #MAX} (or the idle timeout, when shorter) of its first byte. The idle
 * timeout alone does not bound that: a client that sends one byte every few seconds is never idle, and can
 * hold a session and a partial line for ever. Per channel, before the line framing; event-loop confined.
 */
final class LineDeadline extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LineDeadline.class);

    /** Longest a single line may take to arrive: a real miner sends a line in one packet. */
    static final Duration MAX = Duration.ofSeconds(10);
    /** Metrics reason of a connection closed for a line that took too long. */
    static final String REASON = "line_timeout";

    private final Duration timeout;
    private final JsonRpcMetrics metrics;
    private ScheduledFuture<?> timer;

    LineDeadline(Duration idleTimeout, JsonRpcMetrics metrics) {
        this.timeout = idleTimeout.isZero() || idleTimeout.compareTo(MAX) > 0 ? MAX : idleTimeout;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            int lastNewline = buf.forEachByteDesc(b -> b != '\n');
            boolean endsWithPartial = lastNewline != buf.writerIndex() - 1;
            if (lastNewline >= 0 && timer != null) {
                // The line that was under way is complete.
                timer.cancel(false);
                timer = null;
            }
            if (endsWithPartial && timer == null) {
                timer = ctx.executor().schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void expire(ChannelHandlerContext ctx) {
        metrics.error(REASON);
        LOG.debug("closing JSON-RPC connection {}: a line took longer than {} to arrive", ctx.channel().remoteAddress(),
                timeout);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
