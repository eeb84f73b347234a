package io.quarry.api.http;

/** Answers one HTTP request. Runs on a virtual thread and may block. */
@FunctionalInterface
public interface HttpHandler {

    /**
     * Produces the response. Throw {@link HttpException} for an error with a status (its message goes to
     * the client as JSON); any other exception becomes a 500 whose details are logged, not sent.
     */
    HttpResponse handle(HttpRequest request) throws Exception;
}
