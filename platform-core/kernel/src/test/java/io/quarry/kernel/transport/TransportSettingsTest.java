package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code [transport]} limits: their defaults, what each {@code with...} copy changes, and what is refused. */
class TransportSettingsTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void defaultsAreTheDocumentedValues() {
        // The values config/quarry.example.toml documents for [transport], written out rather than read back
        // from the constants they would be compared with.
        TransportSettings d = TransportSettings.DEFAULTS;
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(d.handshakeTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(d.requestTimeout()).isEqualTo(Duration.ofMillis(30000));
        assertThat(d.readTimeout()).isEqualTo(Duration.ofMillis(30000));
        assertThat(d.idleTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(d.maxFrameBytes()).isEqualTo(16778240);
        assertThat(d.backoffInitial()).isEqualTo(Duration.ofMillis(200));
        assertThat(d.backoffMax()).isEqualTo(Duration.ofMillis(30000));
        assertThat(d.maxInboundHandlers()).isEqualTo(1024);
        assertThat(d.maxConnections()).isEqualTo(1024);
        assertThat(d.maxConnectionsPerIp()).isEqualTo(16);
        assertThat(d.streamChunkBytes()).isEqualTo(262144);
        assertThat(d.streamWindowBytes()).isEqualTo(4194304);
        assertThat(d.ioThreads()).isBetween(1, 4);
        assertThat(d.tlsProvider()).isEqualTo(TlsProvider.AUTO);
    }

    @Test
    void eachCopyChangesOnlyWhatItNames() {
        TransportSettings d = TransportSettings.DEFAULTS;

        TransportSettings timeouts = d.withTimeouts(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3),
                Duration.ofMillis(4));
        assertThat(timeouts).isEqualTo(new TransportSettings(Duration.ofMillis(1), Duration.ofMillis(2),
                Duration.ofMillis(3), Duration.ofMillis(4), d.idleTtl(), d.maxFrameBytes(), d.backoffInitial(),
                d.backoffMax(), d.maxInboundHandlers(), d.maxConnections(), d.maxConnectionsPerIp(),
                d.streamChunkBytes(), d.streamWindowBytes(), d.ioThreads(), d.tlsProvider(), d.spinWait()));

        TransportSettings inbound = d.withInboundLimits(7, 8, 9);
        assertThat(inbound).isEqualTo(new TransportSettings(d.connectTimeout(), d.handshakeTimeout(),
                d.requestTimeout(), d.readTimeout(), d.idleTtl(), d.maxFrameBytes(), d.backoffInitial(),
                d.backoffMax(), 7, 8, 9, d.streamChunkBytes(), d.streamWindowBytes(), d.ioThreads(), d.tlsProvider(), d.spinWait()));

        TransportSettings reuse = d.withConnectionReuse(Duration.ofMinutes(2), Duration.ofMillis(10), SECOND);
        assertThat(reuse).isEqualTo(new TransportSettings(d.connectTimeout(), d.handshakeTimeout(),
                d.requestTimeout(), d.readTimeout(), Duration.ofMinutes(2), d.maxFrameBytes(), Duration.ofMillis(10),
                SECOND, d.maxInboundHandlers(), d.maxConnections(), d.maxConnectionsPerIp(), d.streamChunkBytes(),
                d.streamWindowBytes(), d.ioThreads(), d.tlsProvider(), d.spinWait()));

        TransportSettings sizes = d.withSizes(8192, 2048, 1 << 16);
        assertThat(sizes).isEqualTo(new TransportSettings(d.connectTimeout(), d.handshakeTimeout(),
                d.requestTimeout(), d.readTimeout(), d.idleTtl(), 8192, d.backoffInitial(), d.backoffMax(),
                d.maxInboundHandlers(), d.maxConnections(), d.maxConnectionsPerIp(), 2048, 1 << 16, d.ioThreads(),
                d.tlsProvider(), d.spinWait()));

        assertThat(d.withTlsProvider(TlsProvider.JDK).tlsProvider()).isEqualTo(TlsProvider.JDK);
        assertThat(d.withTlsProvider(TlsProvider.JDK).withTlsProvider(TlsProvider.AUTO)).isEqualTo(d);
    }

    @Test
    void everyTimeoutMustBePositiveAndTheMessageNamesItsKey() {
        TransportSettings d = TransportSettings.DEFAULTS;
        assertThatThrownBy(() -> d.withTimeouts(Duration.ZERO, SECOND, SECOND, SECOND))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transport.connect_timeout_ms must be > 0, was 0 ms");
        assertThatThrownBy(() -> d.withTimeouts(SECOND, Duration.ofMillis(-5), SECOND, SECOND))
                .hasMessage("transport.handshake_timeout_ms must be > 0, was -5 ms");
        assertThatThrownBy(() -> d.withTimeouts(SECOND, SECOND, Duration.ZERO, SECOND))
                .hasMessage("transport.request_timeout_ms must be > 0, was 0 ms");
        assertThatThrownBy(() -> d.withTimeouts(SECOND, SECOND, SECOND, Duration.ZERO))
                .hasMessage("transport.read_timeout_ms must be > 0, was 0 ms");
        assertThatThrownBy(() -> d.withConnectionReuse(Duration.ZERO, SECOND, SECOND))
                .hasMessage("transport.idle_ttl_secs must be > 0, was 0 ms");
        assertThatThrownBy(() -> d.withConnectionReuse(SECOND, Duration.ZERO, SECOND))
                .hasMessage("transport.backoff_initial_ms must be > 0, was 0 ms");
        assertThatThrownBy(() -> d.withTimeouts(null, SECOND, SECOND, SECOND))
                .isInstanceOf(NullPointerException.class).hasMessage("transport.connect_timeout_ms");
    }

    @Test
    void backoffMaxMayEqualButNotUndercutTheInitialWait() {
        TransportSettings d = TransportSettings.DEFAULTS;
        assertThat(d.withConnectionReuse(SECOND, SECOND, SECOND).backoffMax()).isEqualTo(SECOND);
        assertThatThrownBy(() -> d.withConnectionReuse(Duration.ofMinutes(1), Duration.ofSeconds(2), SECOND))
                .hasMessage("transport.backoff_max_ms must be >= transport.backoff_initial_ms (2000), was 1000");
    }

    @Test
    void inboundLimitsMustBeAtLeastOne() {
        TransportSettings d = TransportSettings.DEFAULTS;
        assertThat(d.withInboundLimits(1, 1, 1).maxConnectionsPerIp()).isEqualTo(1);
        assertThatThrownBy(() -> d.withInboundLimits(0, 1, 1))
                .hasMessage("transport.max_inbound_handlers must be >= 1, was 0");
        assertThatThrownBy(() -> d.withInboundLimits(1, 0, 1))
                .hasMessage("transport.max_connections must be >= 1, was 0");
        assertThatThrownBy(() -> d.withInboundLimits(1, 1, -3))
                .hasMessage("transport.max_connections_per_ip must be >= 1, was -3");
    }

    @Test
    void frameChunkAndWindowSizesAreBoundedByEachOther() {
        TransportSettings d = TransportSettings.DEFAULTS;
        // The smallest frame holds HELLO and error frames: 4096 is accepted, one less is not.
        assertThat(d.withSizes(4096, 1024, 4096).maxFrameBytes()).isEqualTo(4096);
        assertThatThrownBy(() -> d.withSizes(4095, 1024, 4096))
                .hasMessage("transport.max_frame_bytes must be >= 4096, was 4095");
        assertThatThrownBy(() -> d.withSizes(100, 1024, 1 << 20))
                .hasMessage("transport.max_frame_bytes must be >= 4096, was 100");
        assertThatThrownBy(() -> d.withSizes(8192, 1023, 1 << 20))
                .hasMessage("transport.stream_chunk_bytes must be >= 1024, was 1023");
        // A chunk travels in one frame after its 8-byte header.
        assertThat(d.withSizes(8192, 8184, 1 << 20).streamChunkBytes()).isEqualTo(8184);
        assertThatThrownBy(() -> d.withSizes(8192, 8185, 1 << 20))
                .hasMessage("transport.stream_chunk_bytes must fit in a frame (<= 8184 with max_frame_bytes 8192), "
                        + "was 8185");
        // The window holds two chunks, each charged 64 bytes of overhead: 2 * (2048 + 64) = 4224.
        assertThat(d.withSizes(8192, 2048, 4224).streamWindowBytes()).isEqualTo(4224);
        assertThatThrownBy(() -> d.withSizes(8192, 2048, 4223))
                .hasMessage("transport.stream_window_bytes must be >= 4224, was 4223");
        assertThatThrownBy(() -> d.withSizes(1 << 20, 64 * 1024, 64 * 1024))
                .hasMessage("transport.stream_window_bytes must be >= 131200, was 65536");
    }

    @Test
    void spinWaitIsZeroToTenMillisecondsAndSurvivesTheOtherWithers() {
        TransportSettings d = TransportSettings.DEFAULTS;
        assertThat(d.spinWait()).isEqualTo(Duration.ofNanos(100_000));
        assertThat(d.withSpinWait(Duration.ZERO).spinWait()).isZero();
        assertThat(d.withSpinWait(Duration.ofMillis(10)).spinWait()).isEqualTo(Duration.ofMillis(10));
        assertThatThrownBy(() -> d.withSpinWait(Duration.ofNanos(10_001_000)))
                .hasMessage("transport.spin_wait_us must be 0 to 10000, was 10001");
        assertThatThrownBy(() -> d.withSpinWait(Duration.ofNanos(-1000)))
                .hasMessage("transport.spin_wait_us must be 0 to 10000, was -1");
        TransportSettings noSpin = d.withSpinWait(Duration.ZERO);
        assertThat(noSpin.withSizes(8192, 2048, 4224).withTlsProvider(TlsProvider.JDK)
                .withInboundLimits(2, 2, 2).withConnectionReuse(Duration.ofSeconds(1), Duration.ofMillis(1),
                        Duration.ofMillis(2)).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofSeconds(1)).spinWait()).isZero();
    }
}
