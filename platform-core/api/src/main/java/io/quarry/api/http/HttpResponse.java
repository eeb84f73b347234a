package io.quarry.api.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler answers. Use {@link #json(int, Object)} for API responses: the kernel serialises the value
 * with Jackson (records, maps, lists and scalars all work).
 *
 * @param status the status code
 * @param contentType the media type of {@code body}
 * @param headers extra headers
 * @param body raw bytes, or null when {@code value} is to be serialised as JSON
 * @param value a value to serialise as JSON, a {@link BodyWriter} that streams the body (see {@link #stream}),
 *     or null
 */
public record HttpResponse(int status, String contentType, Map<String, String> headers, byte[] body, Object value) {

    public HttpResponse {
        Objects.requireNonNull(contentType, "contentType");
        headers = Map.copyOf(headers);
    }

    /** A JSON response of {@code value}. */
    public static HttpResponse json(int status, Object value) {
        return new HttpResponse(status, "application/json", Map.of(), null, value);
    }

    /** 200 with {@code value} as JSON. */
    public static HttpResponse ok(Object value) {
        return json(200, value);
    }

    /** A plain-text response. */
    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Raw bytes of the given media type. */
    public static HttpResponse bytes(int status, String contentType, byte[] body) {
        return new HttpResponse(status, contentType, Map.of(), body, null);
    }

    /**
     * A body written as it is produced by {@code writer}, of {@code length} bytes ({@code -1}: unknown, sent
     * chunked). A writer that writes another number of bytes than a known {@code length} cuts the response.
     */
    public static HttpResponse stream(int status, String contentType, long length, BodyWriter writer) {
        Objects.requireNonNull(writer, "writer");
        Map<String, String> headers = length >= 0 ? Map.of("content-length", Long.toString(length)) : Map.of();
        return new HttpResponse(status, contentType, headers, null, writer);
    }

    /** 204 with no body. */
    public static HttpResponse noContent() {
        return new HttpResponse(204, "application/json", Map.of(), new byte[0], null);
    }

    /** This response with one more header. */
    public HttpResponse withHeader(String name, String headerValue) {
        var copy = new java.util.HashMap<>(headers);
        copy.put(name, headerValue);
        return new HttpResponse(status, contentType, copy, body, value);
    }
}
