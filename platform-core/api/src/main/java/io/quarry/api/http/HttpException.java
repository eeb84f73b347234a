package io.quarry.api.http;

/** An error a handler reports to the client: the status and a message safe to show. */
public class HttpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** 400 with a message about what in the request was wrong. */
    public static HttpException badRequest(String message) {
        return new HttpException(400, message);
    }

    /** 404 with a message naming what was not found. */
    public static HttpException notFound(String message) {
        return new HttpException(404, message);
    }
}
