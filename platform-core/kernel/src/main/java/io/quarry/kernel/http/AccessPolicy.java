package io.quarry.kernel.http;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpRequest;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Decides whether a request may reach a {@link Access#TOKEN} endpoint. */
final class AccessPolicy {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private final Supplier<String> token;
    private final boolean tokenOnLoopback;

    /**
     * @param token the node's API token (read per request so a rotated token takes effect)
     * @param tokenOnLoopback false lets loopback clients in without the token
     */
    AccessPolicy(Supplier<String> token, boolean tokenOnLoopback) {
        this.token = token;
        this.tokenOnLoopback = tokenOnLoopback;
    }

    /**
     * @param queryTokenAllowed whether {@code ?token=} counts: only for WebSocket upgrades, because browsers
     *     cannot set headers on them
     */
    boolean permits(Access access, HttpRequest request, boolean queryTokenAllowed) {
        if (access == Access.OPEN) {
            return true;
        }
        if (!tokenOnLoopback && isLocalCaller(request)) {
            return true;
        }
        String expected = token.get();
        if (expected == null || expected.isEmpty()) {
            return false;
        }
        Optional<String> presented = request.header("authorization").flatMap(AccessPolicy::bearer);
        if (presented.isEmpty() && queryTokenAllowed) {
            presented = request.queryParam("token");
        }
        return presented.isPresent() && constantTimeEquals(presented.get(), expected);
    }

    private static Optional<String> bearer(String authorization) {
        String value = authorization.trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(value.substring(7).trim());
        }
        return Optional.empty();
    }

    /**
     * A loopback peer alone is not enough: any web page the operator opens can make the browser send requests
     * to 127.0.0.1 (CSRF), or reach it under its own name (DNS rebinding). So the Host must be a loopback
     * name and a browser's Origin, when present, must be this very host.
     */
    private static boolean isLocalCaller(HttpRequest request) {
        InetAddress address = request.remote().getAddress();
        if (address == null || !address.isLoopbackAddress()) {
            return false;
        }
        String host = request.header("host").orElse("");
        if (!host.isEmpty() && !isLoopbackName(hostName(host))) {
            return false;
        }
        Optional<String> origin = request.header("origin");
        if (origin.isEmpty()) {
            return true;
        }
        try {
            String authority = URI.create(origin.get()).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int close = hostHeader.indexOf(']');
            return close < 0 ? hostHeader : hostHeader.substring(1, close);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    private static boolean isLoopbackName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.equals("::1") || LOOPBACK_V4.matcher(lower).matches();
    }

    /** Compares digests so neither the content nor the length of the token leaks through timing. */
    private static boolean constantTimeEquals(String presented, String expected) {
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
