package io.quarry.kernel.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.quarry.api.http.BodyWriter;

/**
 * A response whose body a {@link BodyWriter} produces while it is sent: the dispatcher returns it with the
 * status and headers, and {@link HttpRequestHandler} writes the head and then the body through a
 * {@link ChannelBodyOutput}.
 */
final class StreamedResponse extends DefaultFullHttpResponse {

    private final BodyWriter writer;

    StreamedResponse(int status, BodyWriter writer) {
        super(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.EMPTY_BUFFER);
        this.writer = writer;
    }

    BodyWriter writer() {
        return writer;
    }
}
