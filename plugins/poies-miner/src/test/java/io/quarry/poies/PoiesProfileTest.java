package io.quarry.poies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerProfile;
import io.quarry.api.miner.MinerState;
import io.quarry.testkit.ContextProbe;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles on the node role's miner: checked by the plugin's own spec; nothing changes while the node runs. */
class PoiesProfileTest {

    @Test
    void aProfileIsValidatedAndOnlyOneMatchingTheRunningConfigurationStarts(@TempDir Path dir) throws Exception {
        ContextProbe probe = new ContextProbe();
        try (TestNode node = TestNode.builder(dir).plugin("poies-miner", PoiesMinerPlugin::new)
                .plugin("probe", () -> probe)
                .set("poies-miner.roles", "[\"node\"]").set("poies-miner.threads", "1")
                .set("poies-miner.stratum_listen", "\"\"").start()) {
            Miner miner = probe.context().miners().find(PoiesMinerPlugin.LOCAL_MINER).orElseThrow();
            miner.stop();

            assertThatThrownBy(() -> miner.start(new MinerProfile("bad", Map.of("threads", "many"))))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("poies-miner.threads");
            assertThatThrownBy(() -> miner.start(new MinerProfile("more", Map.of("threads", 2))))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("poies-miner.threads cannot change");
            assertThat(miner.state()).isNotEqualTo(MinerState.RUNNING);

            miner.start(new MinerProfile("same", Map.of("threads", 1)));
            assertThat(miner.state()).isIn(MinerState.STARTING, MinerState.RUNNING);
            assertThat(miner.kind()).isEqualTo("poies");
        }
    }

    /** Keeps the context so the test can reach the node's miner registry. */
}
