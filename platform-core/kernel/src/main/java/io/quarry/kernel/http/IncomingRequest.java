package io.quarry.kernel.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request copied out of Netty's buffers on the event loop, so the buffers are released at once and the
 * handler thread touches only plain Java objects.
 *
 * @param method the method name as sent
 * @param target the parsed target
 * @param headers header values, names in lowercase
 * @param body the body bytes
 * @param remote the client
 * @param keepAlive whether the connection stays open after the response
 * @param startNanos when the request was read, for the timer
 */
record IncomingRequest(String method, RequestTarget target, Map<String, List<String>> headers, byte[] body,
                       InetSocketAddress remote, boolean keepAlive, long startNanos) {

    static IncomingRequest copyOf(FullHttpRequest request, RequestTarget target, InetSocketAddress remote,
                                  long startNanos) {
        return copyOf(request, ByteBufUtil.getBytes(request.content()), target, remote, startNanos);
    }

    /** The head of a request whose body is streamed (or {@code body} when already read). */
    static IncomingRequest copyOf(io.netty.handler.codec.http.HttpRequest request, byte[] body, RequestTarget target,
                                  InetSocketAddress remote, long startNanos) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.getValue());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return new IncomingRequest(request.method().name(), target, Collections.unmodifiableMap(headers),
                body, remote, HttpUtil.isKeepAlive(request), startNanos);
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    /** The API's view, once a route has supplied the path parameters. */
    HttpRequest toApi(HttpMethod apiMethod, Map<String, String> pathParams) {
        return new HttpRequest(apiMethod, target.path(), pathParams, target.query(), headers, body, remote);
    }
}
