package io.quarry.api.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request, fully read (bodies are bounded by {@code http.max_body_bytes}).
 *
 * @param method the method
 * @param path the decoded path, without the query string
 * @param pathParams values of the route's {@code {name}} segments
 * @param query the decoded query parameters
 * @param headers header values, names in lowercase
 * @param body the request body (empty when none)
 * @param remote the client's address
 */
public record HttpRequest(
        HttpMethod method,
        String path,
        Map<String, String> pathParams,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        byte[] body,
        InetSocketAddress remote) {

    /** The value of a {@code {name}} path segment. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter {" + name + "}");
        }
        return value;
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of header {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
