package io.quarry.poies.cli;

import io.quarry.api.miner.MinerStats;
import io.quarry.poies.remote.RemoteMiner;
import io.quarry.poies.remote.Upstream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalTime;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quarry poies mine --threads N --ws URL [--rpc URL]}: mines for a remote node until Ctrl-C (or
 * {@code --duration-secs}), printing progress every {@code --report-secs} and a line for every block sealed.
 */
@Command(name = "mine", mixinStandardHelpOptions = true,
        description = "Mines for a remote PoIES node: work over WebSocket getwork (or JSON-RPC polling), shares "
                + "back over the WebSocket or JSON-RPC with retry.")
public final class MineCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private NodeOptions node = new NodeOptions();

    @Mixin
    private QuarryOptions quarry = new QuarryOptions();

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "CPU scanning threads; 0 = one per logical core (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--report-secs", defaultValue = "10", paramLabel = "S",
            description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    private int reportSecs;

    @Option(names = "--duration-secs", defaultValue = "0", paramLabel = "S",
            description = "Stop after this many seconds; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
    private long durationSecs;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 0 || threads > 1024) {
            throw new ParameterException(spec.commandLine(), "--threads must be 0..1024, was " + threads);
        }
        if (reportSecs < 1 || durationSecs < 0) {
            throw new ParameterException(spec.commandLine(), "--report-secs must be >= 1 and --duration-secs >= 0");
        }
        Upstream.Endpoints endpoints = node.endpoints(spec);
        int workers = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
        PrintWriter out = spec.commandLine().getOut();
        RemoteMiner miner = new RemoteMiner(endpoints, workers, InstantSource.system(), line -> print(out, line));
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            finish(miner, out);
            done.countDown();
        }, "poies-mine-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        miner.start();
        long start = System.nanoTime();
        long duration = TimeUnit.SECONDS.toNanos(durationSecs);
        while (durationSecs == 0 || System.nanoTime() - start < duration) {
            long wait = TimeUnit.SECONDS.toNanos(reportSecs);
            if (durationSecs > 0) {
                wait = Math.min(wait, duration - (System.nanoTime() - start));
            }
            if (done.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
                return 0;
            }
            print(out, ProgressLine.format(miner.stats(), LocalTime.now()));
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        finish(miner, out);
        return 0;
    }

    private static void finish(RemoteMiner miner, PrintWriter out) {
        MinerStats stats = miner.stats();
        miner.stop();
        print(out, "stopped after " + Duration.ofMillis(stats.uptime().toMillis()).toSeconds() + " s: "
                + stats.sharesAccepted() + " shares accepted, " + stats.sharesRejected() + " rejected, "
                + stats.sharesStale() + " stale, " + stats.extra().get("blocks") + " blocks");
    }

    private static void print(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
