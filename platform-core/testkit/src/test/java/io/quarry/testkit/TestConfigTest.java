package io.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plugin's table bound in a test exactly as a node binds it. */
class TestConfigTest {

    private static final ConfigSpec<CounterPlugin.Settings> SPEC =
            ConfigSpec.of(CounterPlugin.Settings.class, new CounterPlugin.Settings(1, "counter"));

    @Test
    void bindsATableOverTheDefaults() {
        CounterPlugin.Settings settings = TestConfig.table("counter", "step = 5").bind("counter", SPEC);
        assertThat(settings).isEqualTo(new CounterPlugin.Settings(5, "counter"));
        assertThat(TestConfig.empty().bind("counter", SPEC)).isEqualTo(SPEC.defaults());
    }

    @Test
    void environmentAndSetOverridesRankAsOnANode() {
        TestConfig config = TestConfig.table("counter", "step = 5\nlabel = \"file\"")
                .env(Map.of("COUNTER_STEP", "7", "QUARRY_COUNTER_LABEL", "env"));
        assertThat(config.bind("counter", SPEC)).isEqualTo(new CounterPlugin.Settings(7, "env"));
        assertThat(config.set("counter.step", "9").bind("counter", SPEC).step()).isEqualTo(9);
    }

    @Test
    void badValuesFailNamingTheKeyAndLine() {
        assertThatThrownBy(() -> TestConfig.table("counter", "label = \"x\"\nstep = 500").bind("counter", SPEC))
                .isInstanceOf(ConfigException.class).hasMessageContaining("counter.step").hasMessageContaining("line 3");
        assertThatThrownBy(() -> TestConfig.table("counter", "stpe = 5").bind("counter", SPEC))
                .isInstanceOf(ConfigException.class).hasMessageContaining("counter.stpe");
    }

    @Test
    void showNamesEachValuesSource() {
        String shown = TestConfig.table("counter", "step = 5").show("counter", SPEC);
        assertThat(shown).containsPattern("step = 5\\s+# quarry.toml:2").containsPattern("label = \"counter\"\\s+# default");
    }
}
