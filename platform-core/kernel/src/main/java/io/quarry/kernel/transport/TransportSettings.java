package io.quarry.kernel.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * The transport's operating limits; the node binds them from the {@code [transport]} table. Validation
 * messages name that table's keys.
 *
 * @param connectTimeout how long a TCP connect may take ({@code connect_timeout_ms})
 * @param handshakeTimeout how long an accepted or dialed connection may take to finish TLS and exchange
 *     HELLOs before it is cut off ({@code handshake_timeout_ms})
 * @param requestTimeout the response timeout of protocols that leave theirs at zero
 *     ({@code request_timeout_ms})
 * @param readTimeout how long a stream may go without progress from the peer (no data for a reader, no
 *     credit for a writer) before it fails ({@code read_timeout_ms})
 * @param idleTtl an open connection with no calls in flight and no traffic for this long is closed
 *     ({@code idle_ttl_secs})
 * @param maxFrameBytes the largest frame accepted or sent, header included; caps every protocol's message
 *     limit ({@code max_frame_bytes})
 * @param backoffInitial the wait after a failed dial before the next attempt to that node; doubles per
 *     further failure ({@code backoff_initial_ms})
 * @param backoffMax the cap on that wait ({@code backoff_max_ms})
 * @param maxInboundHandlers handlers running at once for all peers; requests beyond are answered busy
 *     ({@code max_inbound_handlers})
 * @param maxConnections inbound connections open at once ({@code max_connections})
 * @param maxConnectionsPerIp inbound connections open at once from one IP address
 *     ({@code max_connections_per_ip})
 * @param streamChunkBytes the body bytes per stream frame ({@code stream_chunk_bytes})
 * @param streamWindowBytes how many body bytes a receiving stream buffers before the sender must wait
 *     ({@code stream_window_bytes}); at least twice the chunk size
 * @param ioThreads Netty event loop threads ({@code io_threads})
 * @param tlsProvider which TLS implementation carries the traffic ({@code tls_provider})
 * @param spinWait how long a caller whose call is the only one in flight waits actively for the response before
 *     its thread parks ({@code spin_wait_us}; zero never); see {@link CallFuture}
 */
public record TransportSettings(
        Duration connectTimeout,
        Duration handshakeTimeout,
        Duration requestTimeout,
        Duration readTimeout,
        Duration idleTtl,
        int maxFrameBytes,
        Duration backoffInitial,
        Duration backoffMax,
        int maxInboundHandlers,
        int maxConnections,
        int maxConnectionsPerIp,
        int streamChunkBytes,
        int streamWindowBytes,
        int ioThreads,
        TlsProvider tlsProvider,
        Duration spinWait) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TTL = Duration.ofMinutes(5);
    /**
     * A round trip to a node on the same host or LAN takes tens of microseconds, less than parking and waking the
     * caller's thread on an idle core; a lone caller waits this long actively before parking.
     */
    public static final Duration DEFAULT_SPIN_WAIT = Duration.ofNanos(100_000);
    /** The most {@code spin_wait_us} may be: a caller never burns more than this per call. */
    static final Duration MAX_SPIN_WAIT = Duration.ofMillis(10);
    /** 16 MiB: room for a 16 MiB message limit; larger payloads belong in streams. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024 + 1024;
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_INBOUND_HANDLERS = 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 16;
    public static final int DEFAULT_STREAM_CHUNK_BYTES = 256 * 1024;
    /**
     * 4 MiB in flight per stream: fills a 1 Gbit/s link at ~32 ms round trip (nodes across a WAN), and on
     * loopback the sender waits on credit less (512 MiB upload: ~0.8 of plain TLS against ~0.6 with 1 MiB).
     * Receivers buffer at most this much per stream, so a node's worst case is max_inbound_handlers (1024 by
     * default) streams at once times this: 4 GiB. Protocols that take uploads set a per-protocol concurrency
     * limit to keep the real bound far lower.
     */
    public static final int DEFAULT_STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_IO_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** The smallest frame limit: HELLO and error frames must always fit. */
    static final int MIN_FRAME_BYTES = 4096;

    /** Every limit at its default. */
    public static final TransportSettings DEFAULTS = new TransportSettings(DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_IDLE_TTL,
            DEFAULT_MAX_FRAME_BYTES, DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX, DEFAULT_MAX_INBOUND_HANDLERS,
            DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_STREAM_CHUNK_BYTES,
            DEFAULT_STREAM_WINDOW_BYTES, DEFAULT_IO_THREADS, TlsProvider.AUTO, DEFAULT_SPIN_WAIT);

    public TransportSettings {
        positive("transport.connect_timeout_ms", connectTimeout);
        positive("transport.handshake_timeout_ms", handshakeTimeout);
        positive("transport.request_timeout_ms", requestTimeout);
        positive("transport.read_timeout_ms", readTimeout);
        positive("transport.idle_ttl_secs", idleTtl);
        positive("transport.backoff_initial_ms", backoffInitial);
        positive("transport.backoff_max_ms", backoffMax);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("transport.backoff_max_ms must be >= transport.backoff_initial_ms ("
                    + backoffInitial.toMillis() + "), was " + backoffMax.toMillis());
        }
        atLeast("transport.max_frame_bytes", maxFrameBytes, MIN_FRAME_BYTES);
        atLeast("transport.max_inbound_handlers", maxInboundHandlers, 1);
        atLeast("transport.max_connections", maxConnections, 1);
        atLeast("transport.max_connections_per_ip", maxConnectionsPerIp, 1);
        atLeast("transport.stream_chunk_bytes", streamChunkBytes, 1024);
        if (streamChunkBytes > maxFrameBytes - Frame.HEADER_BYTES) {
            throw new IllegalArgumentException("transport.stream_chunk_bytes must fit in a frame (<= "
                    + (maxFrameBytes - Frame.HEADER_BYTES) + " with max_frame_bytes " + maxFrameBytes + "), was "
                    + streamChunkBytes);
        }
        atLeast("transport.stream_window_bytes", streamWindowBytes, 2 * StreamCredit.cost(streamChunkBytes));
        atLeast("transport.io_threads", ioThreads, 1);
        Objects.requireNonNull(tlsProvider, "tlsProvider");
        Objects.requireNonNull(spinWait, "transport.spin_wait_us");
        if (spinWait.isNegative() || spinWait.compareTo(MAX_SPIN_WAIT) > 0) {
            throw new IllegalArgumentException("transport.spin_wait_us must be 0 to " + MAX_SPIN_WAIT.toNanos() / 1000
                    + ", was " + spinWait.toNanos() / 1000);
        }
    }

    /** These settings with other timeouts; handy for tests and tools. */
    public TransportSettings withTimeouts(Duration connect, Duration handshake, Duration request, Duration read) {
        return new TransportSettings(connect, handshake, request, read, idleTtl, maxFrameBytes, backoffInitial,
                backoffMax, maxInboundHandlers, maxConnections, maxConnectionsPerIp, streamChunkBytes,
                streamWindowBytes, ioThreads, tlsProvider, spinWait);
    }

    /** These settings with other inbound limits. */
    public TransportSettings withInboundLimits(int handlers, int connections, int connectionsPerIp) {
        return new TransportSettings(connectTimeout, handshakeTimeout, requestTimeout, readTimeout, idleTtl,
                maxFrameBytes, backoffInitial, backoffMax, handlers, connections, connectionsPerIp,
                streamChunkBytes, streamWindowBytes, ioThreads, tlsProvider, spinWait);
    }

    /** These settings with another idle TTL and reconnect backoff. */
    public TransportSettings withConnectionReuse(Duration ttl, Duration initialBackoff, Duration maxBackoff) {
        return new TransportSettings(connectTimeout, handshakeTimeout, requestTimeout, readTimeout, ttl,
                maxFrameBytes, initialBackoff, maxBackoff, maxInboundHandlers, maxConnections, maxConnectionsPerIp,
                streamChunkBytes, streamWindowBytes, ioThreads, tlsProvider, spinWait);
    }

    /** These settings with other frame and stream sizes. */
    public TransportSettings withSizes(int frameBytes, int chunkBytes, int windowBytes) {
        return new TransportSettings(connectTimeout, handshakeTimeout, requestTimeout, readTimeout, idleTtl,
                frameBytes, backoffInitial, backoffMax, maxInboundHandlers, maxConnections, maxConnectionsPerIp,
                chunkBytes, windowBytes, ioThreads, tlsProvider, spinWait);
    }

    /** These settings with another active wait for lone responses ({@link Duration#ZERO}: park at once). */
    public TransportSettings withSpinWait(Duration wait) {
        return new TransportSettings(connectTimeout, handshakeTimeout, requestTimeout, readTimeout, idleTtl,
                maxFrameBytes, backoffInitial, backoffMax, maxInboundHandlers, maxConnections, maxConnectionsPerIp,
                streamChunkBytes, streamWindowBytes, ioThreads, tlsProvider, wait);
    }

    /** These settings with another TLS implementation. */
    public TransportSettings withTlsProvider(TlsProvider provider) {
        return new TransportSettings(connectTimeout, handshakeTimeout, requestTimeout, readTimeout, idleTtl,
                maxFrameBytes, backoffInitial, backoffMax, maxInboundHandlers, maxConnections, maxConnectionsPerIp,
                streamChunkBytes, streamWindowBytes, ioThreads, provider, spinWait);
    }

    private static void positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0, was " + value.toMillis() + " ms");
        }
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", was " + value);
        }
    }
}
