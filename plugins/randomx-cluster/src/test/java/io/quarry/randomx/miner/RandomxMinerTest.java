package io.quarry.randomx.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.randomx.RandomxClusterConfig;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The miner's state before anything runs: what an operator sees when RandomX cannot or has nothing to mine. */
class RandomxMinerTest {

    private TestNode node;
    private NodeContext context;

    @BeforeEach
    void startNode(@TempDir Path dir) {
        ContextProbe probe = new ContextProbe();
        node = TestNode.builder(dir).plugin("probe", () -> probe).start();
        context = probe.context;
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    @Test
    void withoutLibrandomxTheMinerIsUnavailableAndSaysWhatToInstall() {
        String reason = "librandomx.so.0 not found: install the Debian package librandomx0";
        RandomxMiner miner = new RandomxMiner("randomx-cluster/local", context(), pooled(), Optional.of(reason));
        assertThat(miner.state()).isEqualTo(MinerState.UNAVAILABLE);
        assertThat(miner.stateDetail()).isEqualTo(reason);
        assertThatThrownBy(miner::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("librandomx0");
        assertThat(miner.state()).isEqualTo(MinerState.UNAVAILABLE);
        miner.stop();
        assertThat(miner.stats()).isEqualTo(MinerStats.idle());
        assertThat(miner.kind()).isEqualTo("randomx");
    }

    @Test
    void withoutAWorkSourceTheMinerStaysStoppedAndSaysWhichKeysToSet() {
        RandomxMiner miner = new RandomxMiner("randomx-cluster/local", context(), RandomxClusterConfig.SPEC.defaults(),
                Optional.empty());
        assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
        assertThat(miner.hasUpstream()).isFalse();
        assertThat(miner.stateDetail()).contains("pools", "daemon_rpc");
        assertThatThrownBy(miner::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("no work source");
        miner.stop();
        miner.stop();
        assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
    }

    private static RandomxClusterConfig pooled() {
        RandomxClusterConfig d = RandomxClusterConfig.SPEC.defaults();
        return new RandomxClusterConfig(d.mode(), d.threads(), d.ramMb(), d.walletAddress(), d.daemonRpc(),
                List.of(new io.quarry.randomx.PoolConfig("127.0.0.1:3333", "rig", "x", false)), d.stratumListen(),
                d.stratumDifficulty(), d.stratumShareSeconds(), d.hugePages(), d.affinity(), d.jit(), d.hardAes(),
                d.secureJit(), d.poolTlsInsecure(), d.daemonPollMs(), d.role(), d.connect(), d.clusterSecretFile(),
                d.discoveryPort(), d.discoveryPeers(), d.datasetHost(), d.maxBadResults());
    }

    /** The kernel's real context, as a plugin gets it in init(), from a node running only a probe plugin. */
    private NodeContext context() {
        return context;
    }

    /** Keeps the context the kernel hands it; does nothing else. */
    private static final class ContextProbe implements QuarryPlugin {
        private NodeContext context;

        @Override
        public void init(NodeContext given) {
            this.context = given;
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    }
}
