package io.quarry.api.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code host:port} setting such as {@code http.listen}. IPv6 hosts go in brackets ({@code [::1]:8080});
 * port 0 means "any free port". A config record component of this type is parsed once by the binder, with an
 * error naming the key and the file line; {@code Optional<HostPort>} takes an empty string as "off".
 *
 * @param host a host name or IP address, without brackets
 * @param port 0 to 65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
    }

    /**
     * Parses {@code value} for the setting {@code key}.
     *
     * @throws ConfigException naming {@code key} when the value is not host:port or the port is out of range
     */
    public static HostPort parse(String key, String value) {
        Objects.requireNonNull(key, "key");
        if (value == null || value.isBlank()) {
            throw invalid(key, value, "");
        }
        String host;
        String portText;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                throw invalid(key, value, "; an IPv6 address goes in brackets followed by a port, e.g. [::1]:8080");
            }
            host = value.substring(1, close);
            portText = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                throw invalid(key, value, "; the port is missing");
            }
            host = value.substring(0, colon);
            portText = value.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw invalid(key, value, "; an IPv6 address goes in brackets, e.g. [::1]:8080");
            }
        }
        if (host.isBlank()) {
            throw invalid(key, value, "; the host is missing (use 0.0.0.0 for every interface)");
        }
        if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) > 65535) {
            throw new ConfigException(key, key + " must have a port between 0 and 65535, was \"" + value + "\"");
        }
        return new HostPort(host, Integer.parseInt(portText));
    }

    /** Like {@link #parse}, but an empty value means "off". */
    public static Optional<HostPort> parseOptional(String key, String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(key, value));
    }

    /** A socket address to bind or connect to; resolves the host name. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** {@code host:port}, with an IPv6 host in brackets, as it is written in the config. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static ConfigException invalid(String key, String value, String hint) {
        return new ConfigException(key, key + " must be host:port (e.g. 127.0.0.1:8080), was \""
                + (value == null ? "" : value) + "\"" + hint);
    }
}
