package io.quarry.randomx.cluster;

import java.util.Objects;

/**
 * A {@code HOST:PORT} the operator wrote ({@code connect}, {@code discovery_peers}); IPv6 hosts in brackets.
 *
 * @param host host name or address, without brackets
 * @param port 1..65535
 */
public record Endpoint(String host, int port) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static Endpoint parse(String value) {
        Objects.requireNonNull(value, "value");
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("must be HOST:PORT, was '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must end in a port number, was '" + value + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was '" + value + "'");
        }
        return new Endpoint(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
