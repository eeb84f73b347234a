package io.quarry.kernel.http;

/** The HTTP server could not start; the message says what to change. */
public class HttpServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HttpServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
