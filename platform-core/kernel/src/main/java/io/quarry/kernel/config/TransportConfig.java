package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.HostPort;
import io.quarry.api.config.Range;
import io.quarry.kernel.transport.TlsProvider;
import java.util.Objects;

/**
 * The {@code [transport]} table: the node-to-node TLS listener and its operating limits.
 *
 * @param listen host:port to accept peers on; loopback by default
 * @param connectTimeoutMs how long a TCP connect to a peer may take
 * @param handshakeTimeoutMs how long TLS plus the protocol HELLO may take before the connection is cut off
 * @param requestTimeoutMs response timeout of protocols that set none of their own
 * @param readTimeoutMs how long a stream may go without progress before it fails
 * @param idleTtlSecs an unused pooled connection is closed after this long
 * @param maxFrameBytes the largest frame accepted or sent (caps every protocol's message size)
 * @param backoffInitialMs wait after a failed dial; doubles per further failure
 * @param backoffMaxMs cap on that wait
 * @param maxInboundHandlers requests handled at once for all peers; more are answered busy
 * @param maxConnections inbound connections open at once
 * @param maxConnectionsPerIp inbound connections open at once from one address
 * @param streamChunkBytes body bytes per stream frame
 * @param streamWindowBytes body bytes a receiving stream buffers before the sender waits
 * @param ioThreads network event loop threads; 0 picks one per core, at most 4
 * @param tlsProvider {@code auto} (BoringSSL when it loads, else the JDK), {@code openssl} or {@code jdk}
 * @param spinWaitUs how long a caller whose call is the only one in flight waits actively for the response before
 *     its thread parks; 0 never
 */
public record TransportConfig(
        HostPort listen,
        @Range(min = 1, max = 600_000) long connectTimeoutMs,
        @Range(min = 1, max = 600_000) long handshakeTimeoutMs,
        @Range(min = 1, max = 86_400_000) long requestTimeoutMs,
        @Range(min = 1, max = 86_400_000) long readTimeoutMs,
        @Range(min = 1, max = 86_400) long idleTtlSecs,
        @Range(min = 4096, max = 1 << 30) int maxFrameBytes,
        @Range(min = 1, max = 3_600_000) long backoffInitialMs,
        @Range(min = 1, max = 3_600_000) long backoffMaxMs,
        @Range(min = 1, max = 1_000_000) int maxInboundHandlers,
        @Range(min = 1, max = 1_000_000) int maxConnections,
        @Range(min = 1, max = 1_000_000) int maxConnectionsPerIp,
        @Range(min = 1024, max = 1 << 30) int streamChunkBytes,
        @Range(min = 2048, max = 1 << 30) int streamWindowBytes,
        @Range(min = 0, max = 64) int ioThreads,
        String tlsProvider,
        @Range(min = 0, max = 10_000) long spinWaitUs) {

    /** The table's name in {@code quarry.toml}. */
    public static final String SECTION = "transport";
    /** Loopback only: a node joins a network only when the operator opens it. */
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 7070);
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MS = 5_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_READ_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_IDLE_TTL_SECS = 300;
    /** 16 MiB of message plus room for the frame header. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024 + 1024;
    public static final long DEFAULT_BACKOFF_INITIAL_MS = 200;
    public static final long DEFAULT_BACKOFF_MAX_MS = 30_000;
    public static final int DEFAULT_MAX_INBOUND_HANDLERS = 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 16;
    public static final int DEFAULT_STREAM_CHUNK_BYTES = 256 * 1024;
    public static final int DEFAULT_STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_IO_THREADS = 0;
    public static final String DEFAULT_TLS_PROVIDER = "auto";
    public static final long DEFAULT_SPIN_WAIT_US = 100;

    /** The table's shape and defaults. */
    public static final ConfigSpec<TransportConfig> SPEC = ConfigSpec.of(TransportConfig.class,
            new TransportConfig(DEFAULT_LISTEN, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_HANDSHAKE_TIMEOUT_MS,
                    DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS, DEFAULT_IDLE_TTL_SECS,
                    DEFAULT_MAX_FRAME_BYTES, DEFAULT_BACKOFF_INITIAL_MS, DEFAULT_BACKOFF_MAX_MS,
                    DEFAULT_MAX_INBOUND_HANDLERS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP,
                    DEFAULT_STREAM_CHUNK_BYTES, DEFAULT_STREAM_WINDOW_BYTES, DEFAULT_IO_THREADS,
                    DEFAULT_TLS_PROVIDER, DEFAULT_SPIN_WAIT_US));

    public TransportConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tlsProvider, "tlsProvider");
        try {
            TlsProvider.parse("transport.tls_provider", tlsProvider);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("transport.tls_provider", e.getMessage(), e);
        }
    }
}
