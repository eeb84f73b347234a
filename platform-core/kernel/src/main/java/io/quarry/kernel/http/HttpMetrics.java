package io.quarry.kernel.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The {@code quarry.http.requests} timer. Tags are bounded: route templates, not raw paths. */
final class HttpMetrics {

    /** Route tag of requests no route matched (404s). */
    static final String UNMATCHED = "unmatched";
    /** Route tag of requests that could not be parsed (400 and close). */
    static final String MALFORMED = "malformed";

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
}
