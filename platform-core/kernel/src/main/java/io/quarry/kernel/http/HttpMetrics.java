package io.quarry.kernel.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The {@code quarry.http.requests} timer and the {@code quarry.http.connections.closed} counter. Tags are
 * bounded: route templates, not raw paths; a fixed set of reasons.
 */
final class HttpMetrics {

    /** Route tag of requests no route matched (404s). */
    static final String UNMATCHED = "unmatched";
    /** Route tag of requests that could not be parsed (400 and close). */
    static final String MALFORMED = "malformed";

    /** Reason tag of connections closed for sending nothing for {@code http.idle_timeout_secs}. */
    static final String IDLE = "idle";
    /** Reason tag: the request line and headers took longer than {@code http.header_timeout_secs}. */
    static final String HEADER_TIMEOUT = "header_timeout";
    /** Reason tag: the whole request took longer than {@code http.request_timeout_secs}. */
    static final String REQUEST_TIMEOUT = "request_timeout";
    /** Reason tag: the body arrived slower than {@code http.min_body_bytes_per_sec}. */
    static final String BODY_TOO_SLOW = "body_too_slow";
    /** Reason tag: the node-wide {@code http.max_buffered_body_bytes} was reached. */
    static final String BODY_BUDGET = "body_budget";

    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String method, String route, int status, long startNanos) {
        Timer.builder("quarry.http.requests")
                .description("HTTP requests answered on the node's port")
                .tag("method", HttpRoutes.parseMethod(method) == null ? "OTHER" : method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Counts a connection the server closed or refused on its own: {@link #IDLE}, a deadline or budget reason, or a
     * {@code ConnectionLimiter} reason.
     */
    void connectionClosed(String reason) {
        Counter.builder("quarry.http.connections.closed")
                .description("HTTP connections the server refused or closed on its own, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
