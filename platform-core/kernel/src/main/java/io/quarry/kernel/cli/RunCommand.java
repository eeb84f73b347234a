package io.quarry.kernel.cli;

import io.quarry.kernel.Node;
import io.quarry.kernel.NodeOptions;
import io.quarry.kernel.config.Config;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code quarry run}: starts the node and serves until SIGTERM or Ctrl-C. */
@Command(name = "run", description = "Runs the node until SIGTERM or Ctrl-C (the default verb).",
        footer = {"", "Example:", "  quarry run --config /etc/quarry/quarry.toml --set 'plugins.enabled=[\"poies-miner\"]'"})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        Config config = options.load();
        Node node = Node.start(new NodeOptions(config, options.configFile(), List.of(), true, List.of()));
        ShutdownSignals.awaitThenStop(node);
        return ExitCodes.OK;
    }
}
