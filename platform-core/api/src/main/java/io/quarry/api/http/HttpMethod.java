package io.quarry.api.http;

/** The HTTP methods routes can be registered for. */
public enum HttpMethod {
    GET, HEAD, POST, PUT, PATCH, DELETE;

    /** Whether requests with this method change state and so need the API token by default. */
    public boolean mutating() {
        return this == POST || this == PUT || this == PATCH || this == DELETE;
    }
}
