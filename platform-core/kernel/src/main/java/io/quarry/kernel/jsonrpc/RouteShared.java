package io.quarry.kernel.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcRouteSettings;
import io.quarry.api.limit.RateLimiter;
import io.quarry.api.limit.RateVerdict;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the HTTP and WebSocket carriers of one route share: the settings, the handler factory, the dialect's
 * codec, the route's meters and its rate limiter (the shared one from the settings, or one made from the
 * limits' rates).
 */
final class RouteShared {

    static final String TOO_LARGE = "too_large";
    static final String RATE_LIMITED = "rate_limited";

    private final JsonRpcRouteSettings settings;
    private final String path;
    private final JsonRpcHandler.Factory handlers;
    private final JsonRpcCodec codec;
    private final JsonRpcMetrics metrics;
    private final RateLimiter limiter;
    private final AtomicLong ids = new AtomicLong();

    RouteShared(JsonRpcRouteSettings settings, String path, JsonRpcHandler.Factory handlers, JsonRpcMetrics metrics,
                InstantSource clock) {
        this.settings = settings;
        this.path = path;
        this.handlers = handlers;
        this.codec = new JsonRpcCodec(settings.dialect());
        this.metrics = metrics;
        this.limiter = settings.rateLimiter().orElseGet(() -> new RateLimiter(settings.limits().rate(),
                settings.limits().globalRate(), clock, RateLimiter.DEFAULT_MAX_KEYS));
    }

    JsonRpcRouteSettings settings() {
        return settings;
    }

    String name() {
        return settings.name();
    }

    String path() {
        return path;
    }

    JsonRpcHandler.Factory handlers() {
        return handlers;
    }

    JsonRpcCodec codec() {
        return codec;
    }

    JsonRpcMetrics metrics() {
        return metrics;
    }

    int maxMessageBytes() {
        return settings.limits().maxLineBytes();
    }

    String nextSessionId() {
        return settings.name() + "-" + ids.incrementAndGet();
    }

    /** Takes a token for the peer's address; counts a refusal. */
    RateVerdict admit(InetSocketAddress remote) {
        RateVerdict verdict = limiter.tryAcquire(peer(remote));
        if (!verdict.allowed()) {
            metrics.error(RATE_LIMITED);
        }
        return verdict;
    }

    /** The -32005 answer for a refusal, saying whose rate it was. */
    static JsonRpcError rateLimited(RateVerdict verdict) {
        boolean peer = verdict == RateVerdict.KEY_LIMITED;
        return new JsonRpcError(JsonRpcError.RATE_LIMITED, peer ? "Rate limited: this peer is over its request rate"
                : "Rate limited: the server is over its request rate",
                Map.of("reason", RATE_LIMITED, "scope", peer ? "peer" : "global"));
    }

    /** The limiter key of a peer: its IP address. */
    static String peer(InetSocketAddress remote) {
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /** A message as text, without the codec's line end. */
    static String text(byte[] message) {
        int length = message.length > 0 && message[message.length - 1] == '\n' ? message.length - 1 : message.length;
        return new String(message, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
