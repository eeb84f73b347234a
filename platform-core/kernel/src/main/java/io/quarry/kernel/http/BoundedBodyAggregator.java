package io.quarry.kernel.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a request's body chunks into one {@code FullHttpRequest}, up to {@code http.max_body_bytes}. A body
 * over the limit gets a 413 that says the limit, and the connection is closed: the rest of that body is
 * not worth reading. Per channel, as every aggregator is.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedBodyAggregator.class);

    BoundedBodyAggregator(int maxBodyBytes) {
        // true: close when an Expect: 100-continue announces a body over the limit.
        super(maxBodyBytes, true);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest request)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        LOG.debug("{} {} from {} has a body over {} bytes; answering 413", request.method(), request.uri(),
                ctx.channel().remoteAddress(), maxContentLength());
        // The aggregator releases the oversized message itself.
        Responses.writeAndClose(ctx.channel(), tooLarge());
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        // Netty's own 413 for "Expect: 100-continue" has an empty body; send ours instead.
        if (answer instanceof FullHttpResponse response && response.status().code() == 413) {
            response.release();
            FullHttpResponse ours = tooLarge();
            ours.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return ours;
        }
        return answer;
    }

    private FullHttpResponse tooLarge() {
        return Responses.error(413, "payload too large", "limit", maxContentLength());
    }
}
