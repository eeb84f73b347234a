package io.quarry.subnet.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.json.StrictJson;
import io.quarry.api.limit.RateLimiter;
import io.quarry.api.subnet.SubnetHandler;
import io.quarry.api.subnet.SubnetRequest;
import io.quarry.subnet.epistula.EpistulaHeaders;
import io.quarry.subnet.epistula.EpistulaRejection;
import io.quarry.subnet.epistula.EpistulaVerifier;
import io.quarry.subnet.epistula.ReplayGuard;
import io.quarry.subnet.epistula.SignedRequest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every check a signed route's request passes before its handler runs, in order: body size (413), the
 * {@link EpistulaVerifier}'s (headers 400; freshness 401; signer a validator in the metagraph with permit and
 * stake, 403; signature, Signed-For and replay 401), the per-hotkey rate limit (429, a token bucket per
 * hotkey); then the body is bound
 * and validated (400). Every request is logged and counted, whatever its answer. Errors are JSON:
 * {@code {"error": reason, "status": code}}.
 */
public final class SubnetGate {

    private static final Logger LOG = LoggerFactory.getLogger(SubnetGate.class);
    /** Bodies are signed as bytes: a duplicate key would let signer and handler read different values. */
    private static final StrictJson JSON = StrictJson.standard();

    private final EpistulaVerifier verifier;
    private final ReplayGuard replays;
    private final RateLimiter limiter;
    private final int maxBodyBytes;
    private final InstantSource clock;
    private final SubnetMetrics metrics;
    private final RequestLog log;
    private final java.util.function.BooleanSupplier serving;

    public SubnetGate(java.util.function.BooleanSupplier serving, EpistulaVerifier verifier, ReplayGuard replays,
                      RateLimiter limiter, int maxBodyBytes, InstantSource clock, SubnetMetrics metrics,
                      RequestLog log) {
        this.verifier = verifier;
        this.replays = replays;
        this.limiter = limiter;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        this.metrics = metrics;
        this.log = log;
        this.serving = serving;
    }

    /** The HTTP handler of a signed route. */
    public <Q> HttpHandler signed(SubnetHandler<Q> handler) {
        String route = handler.route();
        return request -> observe(route, request, () -> answer(handler, request));
    }

    /** An unsigned route (health), still logged and counted. */
    public HttpHandler open(String route, HttpHandler handler) {
        return request -> observe(route, request, () -> handler.handle(request));
    }

    private HttpResponse observe(String route, HttpRequest request, Answer answer) {
        long start = System.nanoTime();
        HttpResponse response;
        String reason = "";
        try {
            response = answer.get();
        } catch (EpistulaRejection e) {
            reason = e.getMessage();
            response = error(e.status(), reason);
        } catch (HttpException e) {
            reason = e.getMessage();
            response = error(e.status(), reason);
        } catch (Exception e) {
            LOG.error("subnet route {} failed", route, e);
            reason = "internal error";
            response = error(500, reason);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        metrics.record(route, response.status(), java.time.Duration.ofNanos(System.nanoTime() - start));
        log.add(new RequestRecord(clock.millis(), RequestRecord.shortHotkey(claimedHotkey(request)), route,
                response.status(), millis, reason));
        return response;
    }

    private <Q> HttpResponse answer(SubnetHandler<Q> handler, HttpRequest request) throws Exception {
        if (!serving.getAsBoolean()) {
            throw new EpistulaRejection(503, "the miner is stopped");
        }
        byte[] body = request.body();
        if (body.length > maxBodyBytes) {
            throw new EpistulaRejection(413, "body is " + body.length + " bytes, more than " + maxBodyBytes);
        }
        SignedRequest signed = verifier.verify(request::header, body);
        long now = clock.millis();
        if (replays.seen(signed.replayKey(), now)) {
            throw EpistulaRejection.unauthorized("replayed request");
        }
        if (!limiter.tryAcquire(signed.hotkey()).allowed()) {
            throw new EpistulaRejection(429, "rate limit: too many requests from " + signed.hotkey());
        }
        switch (replays.remember(signed.replayKey(), signed.replayUntilMillis(), now)) {
            case REPLAYED -> throw EpistulaRejection.unauthorized("replayed request");
            case FULL -> throw new EpistulaRejection(429, "too many requests in the freshness window; retry later");
            case REMEMBERED -> { }
        }
        Q bound = bind(handler, body);
        Optional<String> invalid = bound == null ? Optional.empty() : handler.validate(bound);
        if (invalid.isPresent()) {
            throw new EpistulaRejection(400, invalid.get());
        }
        Object value = handler.handle(new SubnetRequest<>(signed.hotkey(), bound, body.clone(),
                Instant.ofEpochMilli(now)));
        return HttpResponse.ok(value);
    }

    private static <Q> Q bind(SubnetHandler<Q> handler, byte[] body) {
        if (handler.requestType() == Void.class) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.read(body.length == 0 ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : body);
        } catch (JacksonException e) {
            // Jackson's own message would quote the body; only whether a key repeats is worth saying.
            boolean duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
            throw new EpistulaRejection(400, "request body is " + StrictJson.describe(e)
                    + (duplicate ? ": a duplicate key" : ""));
        }
        try {
            return JSON.mapper().readerFor(handler.requestType())
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(tree);
        } catch (java.io.IOException | IllegalArgumentException e) {
            String detail = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new EpistulaRejection(400, "request body does not fit " + handler.route() + ": " + detail);
        }
    }

    private static String claimedHotkey(HttpRequest request) {
        return request.header(EpistulaHeaders.SIGNED_BY)
                .or(() -> request.header(EpistulaHeaders.LEGACY_HOTKEY)).orElse(null);
    }

    private static HttpResponse error(int status, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason);
        body.put("status", status);
        return HttpResponse.json(status, body);
    }

    @FunctionalInterface
    private interface Answer {
        HttpResponse get() throws Exception;
    }
}
