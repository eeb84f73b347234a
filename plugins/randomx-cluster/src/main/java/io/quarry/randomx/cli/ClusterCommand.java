package io.quarry.randomx.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quarry randomx cluster -m master|worker|auto [-p PORT] [-c HOST:PORT] [-t N] [-r MB] [-d] [-a randomx]}
 * runs a node with this plugin and those cluster settings (as {@code quarry run --set ...} would, in a child JVM
 * started the way this one was); without {@code -m} it prints usage. Subcommands: {@code secret}, {@code status}.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        subcommands = {ClusterSecretCommand.class, ClusterStatusCommand.class},
        description = "RandomX cluster: run a node in a role (-m), make the shared cluster secret, show the cluster "
                + "as a running node sees it.")
public final class ClusterCommand implements Callable<Integer> {

    /** How long a stop of this command waits for the node it started to stop. */
    private static final long STOP_WAIT_SECONDS = 15;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", description = "master, worker or auto (randomx-cluster.role).")
    private String mode;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Transport port members reach this node on (transport.listen = 0.0.0.0:PORT).")
    private Integer port;

    @Option(names = {"-c", "--connect"}, paramLabel = "HOST:PORT",
            description = "Worker: the master's discovery endpoint (randomx-cluster.connect).")
    private String connect;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Mining threads (randomx-cluster.threads).")
    private Integer threads;

    @Option(names = {"-r", "--ram"}, paramLabel = "MB", description = "RAM in MiB the miner may use (randomx-cluster.ram_mb).")
    private Long ramMb;

    @Option(names = {"-d", "--dataset-host"}, description = "Host the dataset for low-RAM members (randomx-cluster.dataset_host).")
    private boolean datasetHost;

    @Option(names = {"-a", "--algo"}, paramLabel = "ALGO", defaultValue = "randomx",
            description = "randomx (default); ghostrider is not supported yet.")
    private String algo;

    @Option(names = "--config", paramLabel = "FILE", description = "The node's quarry.toml (keys above override it).")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (mode == null) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        List<String> arguments;
        try {
            arguments = runArguments();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        Optional<List<String>> self = sameJvmCommand();
        if (self.isEmpty()) {
            err.println("cannot tell how this JVM was started; run: quarry " + String.join(" ", arguments));
            err.flush();
            return 1;
        }
        List<String> command = new ArrayList<>(self.get());
        command.addAll(arguments);
        try {
            Process node = new ProcessBuilder(command).inheritIO().start();
            // SIGTERM or Ctrl-C here stops the node too (it stops in order on SIGTERM), and this JVM waits for it.
            Thread stopChild = new Thread(() -> {
                node.destroy();
                try {
                    node.waitFor(STOP_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "randomx-cluster-stop-node");
            Runtime.getRuntime().addShutdownHook(stopChild);
            return node.waitFor();
        } catch (IOException e) {
            err.println("cannot start the node: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The {@code run} arguments these options mean. */
    List<String> runArguments() {
        String role = mode.toLowerCase(Locale.ROOT);
        if (!List.of("master", "worker", "auto").contains(role)) {
            throw new IllegalArgumentException("-m must be master, worker or auto, was '" + mode + "'");
        }
        String algorithm = algo.toLowerCase(Locale.ROOT);
        if (algorithm.equals("ghostrider")) {
            throw new IllegalArgumentException("-a ghostrider is not supported yet: this node mines RandomX only "
                    + "(-a randomx)");
        }
        if (!algorithm.equals("randomx")) {
            throw new IllegalArgumentException("-a must be randomx, was '" + algo + "'");
        }
        if (connect != null && !role.equals("worker")) {
            throw new IllegalArgumentException("-c names the master, so it needs -m worker");
        }
        List<String> out = new ArrayList<>(List.of("run"));
        if (config != null) {
            out.addAll(List.of("--config", config.toString()));
        }
        set(out, "plugins.enabled", "[\"randomx-cluster\"]");
        set(out, "randomx-cluster.role", quoted(role));
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("-p must be 1..65535, was " + port);
            }
            set(out, "transport.listen", quoted("0.0.0.0:" + port));
        }
        if (connect != null) {
            set(out, "randomx-cluster.connect", quoted(connect));
        }
        if (threads != null) {
            set(out, "randomx-cluster.threads", Integer.toString(threads));
        }
        if (ramMb != null) {
            set(out, "randomx-cluster.ram_mb", Long.toString(ramMb));
        }
        if (datasetHost) {
            set(out, "randomx-cluster.dataset_host", "true");
        }
        return out;
    }

    private static void set(List<String> out, String key, String value) {
        out.add("--set");
        out.add(key + "=" + value);
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * How to start another JVM like this one: the same java binary, then {@code -jar} and the jar, or the class
     * path and main class, as this JVM was given them.
     */
    static Optional<List<String>> sameJvmCommand() {
        Optional<String> java = ProcessHandle.current().info().command();
        String started = System.getProperty("sun.java.command", "");
        if (java.isEmpty() || started.isBlank()) {
            return Optional.empty();
        }
        String first = started.split(" ")[0];
        if (first.endsWith(".jar")) {
            return Optional.of(List.of(java.get(), "-jar", first));
        }
        return Optional.of(List.of(java.get(), "-cp", System.getProperty("java.class.path"), first));
    }
}
