package io.quarry.randomx.pool;

import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import java.util.Locale;
import java.util.Objects;

/**
 * One pool of the {@code pools} list: where it is and how to log in.
 *
 * @param url {@code stratum+tcp://host:port}, {@code stratum+ssl://host:port} (also {@code stratum+tls://}) or
 *     plain {@code host:port}; IPv6 hosts in brackets
 * @param user the login, usually the wallet address (with a worker name where the pool supports one)
 * @param pass the password, usually the worker name or {@code x}
 * @param tls speak TLS even when the URL does not say {@code stratum+ssl://}
 */
public record PoolEndpoint(String url, String user, String pass, boolean tls) {

    public PoolEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(pass, "pass");
        if (user.isBlank()) {
            throw new IllegalArgumentException("pool " + url + " needs a user (usually the wallet address)");
        }
        endpoint(url, tls);
    }

    /** Host, port and TLS of this pool. */
    public JsonRpcEndpoint endpoint() {
        return endpoint(url, tls);
    }

    private static JsonRpcEndpoint endpoint(String url, boolean tls) {
        String rest = url.trim();
        boolean secure = tls;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            String name = rest.substring(0, scheme).toLowerCase(Locale.ROOT);
            switch (name) {
                case "stratum+tcp", "tcp" -> { }
                case "stratum+ssl", "stratum+tls", "ssl", "tls" -> secure = true;
                default -> throw new IllegalArgumentException("pool url " + url
                        + " must start with stratum+tcp:// or stratum+ssl://, or be host:port");
            }
            rest = rest.substring(scheme + 3);
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("pool url " + url + " must be [ipv6]:port");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon <= 0 || rest.indexOf(':') != colon) {
                throw new IllegalArgumentException("pool url " + url + " must name host and port, as host:3333");
            }
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
        }
        if (host.isEmpty() || host.contains("/")) {
            throw new IllegalArgumentException("pool url " + url + " has no host");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pool url " + url + " has no valid port: " + port);
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("pool url " + url + " port must be 1..65535");
        }
        return new JsonRpcEndpoint(host, number, secure);
    }

    @Override
    public String toString() {
        // The password is often a worker name, but may be a secret: never logged.
        return "PoolEndpoint[" + endpoint() + " user=" + user + "]";
    }
}
