package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import io.quarry.testkit.TestConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The [hello-miner] table bound as a node binds it. */
class HelloConfigTest {

    @Test
    void defaultsApplyToWhatTheTableLeavesOut() {
        HelloConfig config = TestConfig.table("hello-miner", "greeting = \"hej\"").bind("hello-miner", HelloConfig.SPEC);
        assertThat(config).isEqualTo(new HelloConfig("hej", HelloConfig.DEFAULT_DIFFICULTY_BITS,
                HelloConfig.DEFAULT_HASHES_PER_SECOND, ""));
        assertThat(config.rpcAddress()).isEmpty();
    }

    @Test
    void readsTheListenAddressAndItsOwnEnvironmentName() {
        HelloConfig config = TestConfig.table("hello-miner", "rpc_listen = \"127.0.0.1:4650\"")
                .env(Map.of("HELLO_HASHES_PER_SECOND", "500")).bind("hello-miner", HelloConfig.SPEC);
        assertThat(config.rpcAddress()).contains(new HelloConfig.Listen("127.0.0.1", 4650));
        assertThat(config.hashesPerSecond()).isEqualTo(500);
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> TestConfig.table("hello-miner", "\ndifficulty_bits = 40").bind("hello-miner", HelloConfig.SPEC))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hello-miner.difficulty_bits")
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> TestConfig.table("hello-miner", "rpc_listen = \"4650\"").bind("hello-miner", HelloConfig.SPEC))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hello-miner.rpc_listen");
        assertThatThrownBy(() -> TestConfig.table("hello-miner", "greeting = \"" + "x".repeat(65) + "\"")
                .bind("hello-miner", HelloConfig.SPEC))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hello-miner.greeting");
    }
}
