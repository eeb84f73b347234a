package io.quarry.kernel;

import io.quarry.api.config.ConfigException;
import io.quarry.kernel.config.TransportConfig;
import io.quarry.kernel.transport.TlsProvider;
import io.quarry.kernel.transport.TransportSettings;
import java.time.Duration;

/** Turns the {@code [transport]} table into the transport's settings. */
final class TransportSetup {

    private TransportSetup() {
    }

    /** The settings for {@code config}; combinations the transport refuses fail naming the key. */
    static TransportSettings settings(TransportConfig config) {
        try {
            return new TransportSettings(Duration.ofMillis(config.connectTimeoutMs()),
                    Duration.ofMillis(config.handshakeTimeoutMs()), Duration.ofMillis(config.requestTimeoutMs()),
                    Duration.ofMillis(config.readTimeoutMs()), Duration.ofSeconds(config.idleTtlSecs()),
                    config.maxFrameBytes(), Duration.ofMillis(config.backoffInitialMs()),
                    Duration.ofMillis(config.backoffMaxMs()), config.maxInboundHandlers(), config.maxConnections(),
                    config.maxConnectionsPerIp(), config.streamChunkBytes(), config.streamWindowBytes(),
                    config.ioThreads() == 0 ? TransportSettings.DEFAULT_IO_THREADS : config.ioThreads(),
                    TlsProvider.parse("transport.tls_provider", config.tlsProvider()),
                    Duration.ofNanos(config.spinWaitUs() * 1000));
        } catch (IllegalArgumentException e) {
            // The transport's own checks name the [transport] key in their messages.
            throw new ConfigException(TransportConfig.SECTION, e.getMessage(), e);
        }
    }
}
