package io.quarry.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void parsesHostPortsIncludingBracketedIpv6() {
        assertThat(HostPort.parse("http.listen", "127.0.0.1:8080")).isEqualTo(new HostPort("127.0.0.1", 8080));
        assertThat(HostPort.parse("http.listen", "[::1]:0")).isEqualTo(new HostPort("::1", 0));
        assertThat(HostPort.parse("http.listen", "node-a.lan:65535").toString()).isEqualTo("node-a.lan:65535");
        assertThat(new HostPort("::1", 80).toString()).isEqualTo("[::1]:80");
        assertThat(HostPort.parseOptional("x.stratum_listen", " ")).isEmpty();
    }

    @Test
    void rejectsBadHostPortsNamingTheKey() {
        assertThatThrownBy(() -> HostPort.parse("http.listen", "localhost"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http.listen must be host:port (e.g. 127.0.0.1:8080), was \"localhost\"; the port is missing");
        assertThatThrownBy(() -> HostPort.parse("http.listen", "h:65536"))
                .hasMessage("http.listen must have a port between 0 and 65535, was \"h:65536\"");
        assertThatThrownBy(() -> HostPort.parse("http.listen", "::1:80")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> HostPort.parse("http.listen", ":80")).hasMessageContaining("host is missing");
        assertThatThrownBy(() -> HostPort.parse("http.listen", "h:-1")).isInstanceOf(ConfigException.class);
    }
}
