package io.quarry.kernel.http;

import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.http.StreamingHttpHandler;
import java.io.ByteArrayInputStream;

/**
 * The handler of a route registered with {@code Http.streamingRoute}: {@link StreamingRequests} recognises it
 * when a request's headers arrive and feeds the body to {@link #streaming} as it comes. As a plain handler (a
 * request that reached the router already whole) it hands over the buffered body as a stream.
 *
 * @param maxBodyBytes the largest body the route accepts
 * @param streaming the plugin's handler
 */
record StreamingEndpoint(long maxBodyBytes, StreamingHttpHandler streaming) implements HttpHandler {

    StreamingEndpoint {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0, was " + maxBodyBytes);
        }
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        return streaming.handle(request, new ByteArrayInputStream(request.body()));
    }
}
