package io.quarry.randomx.daemon;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real monerod (Debian package {@code monero}) in regtest mode for one test: offline, on loopback ports picked
 * free, its data directory under the test's temp dir, no ZMQ, no UPnP, no DNS. {@code --fixed-difficulty}
 * must be above 1: at difficulty 1 monerod accepts any hash, even a wrong one. Without monerod the test is
 * skipped, except under {@code CI=true}, where it fails: CI installs it (scripts/install-test-deps.sh).
 */
public final class Monerod implements AutoCloseable {

    /**
     * A mainnet address (regtest takes mainnet addresses): the Monero project's donation address as published
     * on getmonero.org (Moneropedia, "Address"). Regtest coins are worthless and never leave the test.
     */
    public static final String WALLET =
            "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final String rpcUrl;
    private final DaemonRpcClient client;

    private Monerod(Process process, Path log, int rpcPort) {
        this.process = process;
        this.log = log;
        this.rpcUrl = "http://127.0.0.1:" + rpcPort;
        this.client = new DaemonRpcClient(rpcUrl, Duration.ofSeconds(10));
    }

    /** Starts monerod at {@code difficulty} (> 1) and waits until its RPC answers {@code get_info}. */
    public static Monerod start(Path dir, long difficulty) throws IOException, InterruptedException {
        if (difficulty <= 1) {
            throw new IllegalArgumentException("difficulty must be > 1: at 1 monerod accepts any hash");
        }
        Path binary = find().orElse(null);
        if (binary == null) {
            String message = "monerod not found on PATH: install the Debian package monero (scripts/install-test-deps.sh)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        Path data = Files.createDirectories(dir.resolve("monerod"));
        Path log = dir.resolve("monerod.out");
        int p2p = freePort();
        int rpc = freePort();
        List<String> command = List.of(binary.toString(), "--regtest", "--offline",
                "--fixed-difficulty", Long.toString(difficulty), "--non-interactive", "--no-zmq", "--no-igd",
                "--disable-dns-checkpoints", "--check-updates", "disabled",
                "--data-dir", data.toString(), "--log-level", "0",
                "--p2p-bind-ip", "127.0.0.1", "--p2p-bind-port", Integer.toString(p2p),
                "--rpc-bind-ip", "127.0.0.1", "--rpc-bind-port", Integer.toString(rpc));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Monerod monerod = new Monerod(process, log, rpc);
        try {
            monerod.awaitReady();
            return monerod;
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            monerod.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<rpc port>}, for {@code daemon_rpc}. */
    public String rpcUrl() {
        return rpcUrl;
    }

    /** A client of this daemon. */
    public DaemonRpcClient client() {
        return client;
    }

    /** monerod's own output so far, for failure messages. */
    public String output() {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Stops monerod: SIGTERM, then SIGKILL if it has not exited within 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("monerod exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                client.getInfo();
                return;
            } catch (RuntimeException e) {
                last = e; // refused connection, or "BUSY" while it opens its database
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("monerod RPC not ready within " + READY_TIMEOUT + ": " + last + "\n" + output(), last);
    }

    private static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "monerod");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
