package io.quarry.randomx.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PoolEndpointTest {

    @ParameterizedTest
    @CsvSource({
        "stratum+tcp://pool.example:3333, false, pool.example, 3333, false",
        "stratum+ssl://pool.example:443, false, pool.example, 443, true",
        "stratum+tls://pool.example:443/, false, pool.example, 443, true",
        "pool.example:3333, false, pool.example, 3333, false",
        "pool.example:3333, true, pool.example, 3333, true",
        "'[::1]:3333', false, ::1, 3333, false",
        "STRATUM+TCP://10.0.0.1:1, false, 10.0.0.1, 1, false"})
    void readsPoolUrls(String url, boolean tls, String host, int port, boolean secure) {
        assertThat(new PoolEndpoint(url, "wallet", "x", tls).endpoint()).isEqualTo(new JsonRpcEndpoint(host, port, secure));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pool.example", "http://pool.example:80", "pool.example:0", "pool.example:65536",
        "pool.example:abc", ":3333", "stratum+tcp://", "[::1]3333", "a:b:c"})
    void refusesUrlsWithoutHostAndPort(String url) {
        assertThatThrownBy(() -> new PoolEndpoint(url, "wallet", "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool url");
    }

    @Test
    void needsAUserAndNeverPrintsThePassword() {
        assertThatThrownBy(() -> new PoolEndpoint("h:1", " ", "x", false)).hasMessageContaining("user");
        assertThat(new PoolEndpoint("h:1", "wallet", "secret", false).toString()).doesNotContain("secret");
    }
}
