package io.quarry.kernel.config;

import io.quarry.api.config.ConfigSpec;
import java.util.Objects;

/**
 * The {@code [transport]} table: the peer-to-peer TLS listener.
 *
 * @param listen host:port to accept peers on; loopback by default
 */
public record TransportConfig(String listen) {

    /** The table's name in {@code quarry.toml}. */
    public static final String SECTION = "transport";
    /** Loopback only: a node joins a network only when the operator opens it. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:7070";

    /** The table's shape and defaults. */
    public static final ConfigSpec<TransportConfig> SPEC = ConfigSpec.of(TransportConfig.class,
            new TransportConfig(DEFAULT_LISTEN));

    public TransportConfig {
        Objects.requireNonNull(listen, "listen");
        HostPort.parse("transport.listen", listen);
    }
}
