package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {

    @Test
    void defaultsAreValid() {
        assertThat(TransportSettings.DEFAULTS.maxFrameBytes()).isEqualTo(TransportSettings.DEFAULT_MAX_FRAME_BYTES);
    }

    @Test
    void messagesNameTheConfigKey() {
        assertThatThrownBy(() -> TransportSettings.DEFAULTS.withSizes(100, 1024, 1 << 20))
                .hasMessage("transport.max_frame_bytes must be >= 4096, was 100");
        assertThatThrownBy(() -> TransportSettings.DEFAULTS.withSizes(1 << 20, 64 * 1024, 64 * 1024))
                .hasMessageStartingWith("transport.stream_window_bytes must be >= ");
        assertThatThrownBy(() -> TransportSettings.DEFAULTS.withConnectionReuse(Duration.ofMinutes(1),
                Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageStartingWith("transport.backoff_max_ms must be >= transport.backoff_initial_ms");
        assertThatThrownBy(() -> TransportSettings.DEFAULTS.withInboundLimits(0, 1, 1))
                .hasMessage("transport.max_inbound_handlers must be >= 1, was 0");
    }
}
