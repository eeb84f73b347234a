package io.quarry.poies.cli;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.HostPort;
import io.quarry.poies.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code quarry poies stratum-proxy --listen HOST:PORT --rpc URL [--ws URL]}: a Stratum server whose work comes
 * from a remote node. It is {@code quarry run} with the poies-miner plugin alone, in the miner role, without local
 * scanning and with {@code stratum_listen} set, so the proxy is a node like any other (health, metrics, dashboard,
 * the same config file and data directory options); the equivalent config is
 * <pre>
 * [plugins] enabled = ["poies-miner"]
 * [poies-miner] roles = ["miner"]  device = "none"  stratum_listen = "HOST:PORT"  rpc_url = "URL"  ws_url = "URL"
 * </pre>
 * Run it with its own {@code --data-dir} (and {@code --http-listen}) when a node already runs on the same host.
 */
@Command(name = "stratum-proxy", mixinStandardHelpOptions = true,
        description = "Serves Stratum to miners with work from a remote PoIES node (runs the node in the miner role).")
public final class StratumProxyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
            description = "Where the Stratum server listens, e.g. 0.0.0.0:11333.")
    private String listen;

    @Option(names = "--rpc", required = true, paramLabel = "URL", description = "The node's JSON-RPC URL.")
    private String rpc;

    @Option(names = "--ws", paramLabel = "URL",
            description = "The node's WebSocket getwork URL (work is pushed instead of polled every second).")
    private String ws;

    @Option(names = "--http-listen", paramLabel = "HOST:PORT",
            description = "This proxy's own HTTP port (health, metrics); default: http.listen from the config.")
    private String httpListen;

    @Mixin
    private QuarryOptions quarry = new QuarryOptions();

    @Override
    public Integer call() {
        try {
            HostPort.parse("--listen", listen);
            if (httpListen != null) {
                HostPort.parse("--http-listen", httpListen);
            }
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        NodeOptions.url(spec, "--rpc", rpc, Set.of("http", "https"));
        NodeOptions.url(spec, "--ws", ws, Set.of("ws", "wss"));
        CommandLine run = spec.root().commandLine().getSubcommands().get("run");
        if (run == null) {
            spec.commandLine().getErr().println("stratum-proxy runs a node: start it as `quarry poies stratum-proxy`");
            return 2;
        }
        return run.execute(runArguments().toArray(String[]::new));
    }

    /** The {@code quarry run} arguments: the proxy's keys first, so the operator's own {@code --set} win. */
    List<String> runArguments() {
        List<String> args = new ArrayList<>();
        if (quarry.config != null) {
            args.add("--config");
            args.add(quarry.config.toString());
        }
        if (quarry.dataDir != null) {
            args.add("--data-dir");
            args.add(quarry.dataDir);
        }
        set(args, "plugins.enabled", "[\"poies-miner\"]");
        set(args, "poies-miner.roles", "[\"miner\"]");
        set(args, "poies-miner.device", toml(Device.NONE.name().toLowerCase(Locale.ROOT)));
        set(args, "poies-miner.stratum_listen", toml(listen));
        set(args, "poies-miner.rpc_url", toml(rpc));
        if (ws != null) {
            set(args, "poies-miner.ws_url", toml(ws));
        }
        if (httpListen != null) {
            set(args, "http.listen", toml(httpListen));
        }
        quarry.sets.forEach(s -> {
            args.add("--set");
            args.add(s);
        });
        return args;
    }

    private static void set(List<String> args, String key, String value) {
        args.add("--set");
        args.add(key + "=" + value);
    }

    private static String toml(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
