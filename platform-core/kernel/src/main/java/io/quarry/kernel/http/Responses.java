package io.quarry.kernel.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.quarry.api.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Builds Netty responses: handler results, the JSON error bodies, and closing a connection politely. */
final class Responses {

    static final String JSON = "application/json";
    /** API answers are live figures or secrets; no cache should keep them. */
    static final String NO_STORE = "no-store";
    /** Assets change when a plugin is upgraded; revalidate rather than trust a stale copy. */
    static final String NO_CACHE = "no-cache";

    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);
    /** How long a closing connection may keep sending (discarded) bytes before we hang up on it. */
    private static final long DRAIN_MILLIS = 1000;

    private Responses() {
    }

    /** A handler's answer; JSON values are serialised here, on the handler's thread. */
    static FullHttpResponse fromHandler(HttpResponse response) throws JsonProcessingException {
        if (response.body() == null && response.value() instanceof io.quarry.api.http.BodyWriter writer) {
            StreamedResponse streamed = new StreamedResponse(response.status(), writer);
            streamed.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            streamed.headers().set(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
            response.headers().forEach((name, value) -> streamed.headers().set(name, value));
            if (!streamed.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                HttpUtil.setTransferEncodingChunked(streamed, true);
            }
            return streamed;
        }
        byte[] body = response.body();
        if (body == null) {
            boolean noBody = response.status() == 204 || response.status() == 304;
            body = noBody ? new byte[0]
                    : response.value() == null ? JSON_NULL : HttpJson.MAPPER.writeValueAsBytes(response.value());
        }
        FullHttpResponse netty = build(response.status(), response.contentType(), body, NO_STORE);
        response.headers().forEach((name, value) -> netty.headers().set(name, value));
        return netty;
    }

    static FullHttpResponse build(int status, String contentType, byte[] body, String cacheControl) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, cacheControl)
                .set("X-Content-Type-Options", "nosniff");
        return response;
    }

    /** {@code {"error": message, ...extra}}. */
    static FullHttpResponse error(int status, String message, Object... extraPairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        for (int i = 0; i + 1 < extraPairs.length; i += 2) {
            body.put((String) extraPairs[i], extraPairs[i + 1]);
        }
        byte[] json;
        try {
            json = HttpJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Strings and numbers always serialise; this is unreachable short of a Jackson bug.
            throw new IllegalStateException("cannot serialise an error body", e);
        }
        return build(status, JSON, json, NO_STORE);
    }

    static FullHttpResponse notFound(String path) {
        return error(404, "not found", "path", path);
    }

    static FullHttpResponse badRequest(String detail) {
        return error(400, "bad request", "detail", detail);
    }

    static FullHttpResponse unauthorized() {
        FullHttpResponse response = error(401, "unauthorized");
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        return response;
    }

    /** A short random id tying a 500 to its logged stack trace. */
    static String newErrorId() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    /** The same response without its body, for HEAD: Content-Length still tells the GET's size. */
    static FullHttpResponse withoutBody(FullHttpResponse response) {
        FullHttpResponse head = response.replace(Unpooled.EMPTY_BUFFER);
        response.release();
        return head;
    }

    /**
     * Sends {@code response} and closes the connection. The output side is shut first and whatever the client
     * still sends is read and dropped for a moment: closing a socket with unread input makes the kernel send
     * RST, which can destroy the response before the client has read it (the usual fate of a 413).
     */
    static void writeAndClose(Channel channel, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (channel.pipeline().get(DrainInbound.class) == null) {
            channel.pipeline().addFirst("drain", DrainInbound.INSTANCE);
        }
        channel.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex)) {
                channel.close();
                return;
            }
            duplex.shutdownOutput().addListener(shut -> {
                channel.config().setAutoRead(true);
                channel.eventLoop().schedule(() -> channel.close(), DRAIN_MILLIS, TimeUnit.MILLISECONDS);
            });
        });
    }
}
