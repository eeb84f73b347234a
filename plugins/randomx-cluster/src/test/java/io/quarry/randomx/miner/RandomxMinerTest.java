package io.quarry.randomx.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.NodeContext;
import io.quarry.api.exec.TaskExecutors;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.randomx.RandomxClusterConfig;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The miner's state before anything runs: what an operator sees when RandomX cannot or has nothing to mine. */
class RandomxMinerTest {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
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
                d.secureJit(), d.poolTlsInsecure(), d.daemonPollMs());
    }

    /** A context offering only what the miner touches before it starts: executors and logs. */
    private NodeContext context() {
        TaskExecutors executors = (TaskExecutors) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TaskExecutors.class}, (proxy, method, args) -> {
                    if (method.getName().equals("virtual")) {
                        return executor;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (NodeContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NodeContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "executors" -> executors;
                    case "recentLogs" -> List.of();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
