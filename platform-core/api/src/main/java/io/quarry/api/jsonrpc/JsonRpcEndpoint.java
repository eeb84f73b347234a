package io.quarry.api.jsonrpc;

import java.util.Objects;

/**
 * One server a client may connect to.
 *
 * @param host host name or address
 * @param port TCP port, 1..65535
 * @param tls whether to speak TLS on the connection
 */
public record JsonRpcEndpoint(String host, int port, boolean tls) {

    public JsonRpcEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("endpoint host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint port must be 1..65535, was " + port + " (host " + host + ")");
        }
    }

    @Override
    public String toString() {
        return (tls ? "tls://" : "tcp://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
