package io.quarry.randomx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code quarry randomx cluster -m ...}: options become the node's settings; ghostrider is refused. */
class ClusterCommandTest {

    private static ClusterCommand parsed(String... args) {
        ClusterCommand command = new ClusterCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void optionsBecomeRunSettings() {
        assertThat(parsed("-m", "worker", "-c", "127.0.0.1:10000", "-t", "4", "-r", "2000", "-d", "-p", "9999",
                "--config", "q.toml").runArguments()).containsExactly("run", "--config", "q.toml",
                "--set", "plugins.enabled=[\"randomx-cluster\"]", "--set", "randomx-cluster.role=\"worker\"",
                "--set", "transport.listen=\"0.0.0.0:9999\"", "--set", "randomx-cluster.connect=\"127.0.0.1:10000\"",
                "--set", "randomx-cluster.threads=4", "--set", "randomx-cluster.ram_mb=2000",
                "--set", "randomx-cluster.dataset_host=true");
    }

    @Test
    void refusesGhostriderAndBadModesBeforeStartingAnything() {
        Run ghostrider = Run.of("cluster", "-m", "master", "-a", "ghostrider");
        assertThat(ghostrider.exitCode()).isEqualTo(2);
        assertThat(ghostrider.err()).contains("ghostrider is not supported yet");
        assertThat(Run.of("cluster", "-m", "boss").err()).contains("-m must be master, worker or auto");
        assertThat(Run.of("cluster", "-m", "master", "-c", "h:1").err()).contains("needs -m worker");
        assertThat(Run.of("cluster").out()).contains("Usage").contains("secret").contains("status");
    }
}
