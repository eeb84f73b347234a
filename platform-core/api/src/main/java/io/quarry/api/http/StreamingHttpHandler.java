package io.quarry.api.http;

import java.io.InputStream;

/**
 * Answers one HTTP request whose body is read as it arrives instead of buffered whole (see
 * {@link Http#streamingRoute}). Runs on a virtual thread and may block; the body stream blocks until the client
 * sends more and throws an {@link java.io.IOException} when the client hangs up, sends too slowly or sends more
 * than the route's limit.
 */
@FunctionalInterface
public interface StreamingHttpHandler {

    /**
     * Produces the response. {@code head} carries the method, path, parameters and headers; its {@code body} is
     * empty. A handler that answers before reading the whole body gets its connection closed after the answer.
     * Errors map as for {@link HttpHandler#handle}.
     */
    HttpResponse handle(HttpRequest head, InputStream body) throws Exception;
}
