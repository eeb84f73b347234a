package io.quarry.randomx.cli;

import io.quarry.natives.NativeLibraryMissingException;
import io.quarry.natives.RandomXFlags;
import io.quarry.randomx.hashing.AffinityPlan;
import io.quarry.randomx.hashing.EngineSettings;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.MinerSettings;
import io.quarry.randomx.hashing.MinerThreads;
import io.quarry.randomx.hashing.RandomXEngine;
import io.quarry.randomx.hashing.RandomXException;
import io.quarry.randomx.hashing.RandomXMode;
import io.quarry.randomx.job.MoneroJob;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quarry randomx bench}: the mining loop on a fixed job whose target nothing meets, timed after a warm-up.
 * The key, blob and nonce order match bench/randomx/rxbench.c, so the two measure the same work. The last line
 * is {@code hashrate=<H/s>}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures RandomX hashrate: key and dataset set-up time, then batched hashing on every thread.")
public final class BenchCommand implements Callable<Integer> {

    /** Shared with rxbench.c: the key, and a 76-byte blob of bytes 0..75 (the nonce overwrites 39..42). */
    /** "quarry randomx bench" padded with zero bytes to a Monero seed's 32 bytes (bench/randomx/rxbench.c uses the same). */
    static final byte[] KEY = java.util.Arrays.copyOf("quarry randomx bench".getBytes(StandardCharsets.US_ASCII), 32);
    static final int BLOB_SIZE = 76;

    @Spec
    private CommandSpec spec;

    @Option(names = "--threads", defaultValue = "0", description = "Miner threads; 0 = one per core.")
    private int threads;

    @Option(names = "--mode", defaultValue = "auto", description = "auto, fast or light (default: ${DEFAULT-VALUE}).")
    private String mode;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds hashed before measuring (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--huge-pages", defaultValue = "auto", description = "auto, use or off (default: ${DEFAULT-VALUE}).")
    private String hugePages;

    @Option(names = "--affinity", defaultValue = "off", description = "off, auto or CPU list like 0,1 (default: ${DEFAULT-VALUE}).")
    private String affinity;

    @Option(names = "--ticks", description = "Also print 'tick <monotonic ms> <total hashes>' each second while measuring, "
            + "for bench/randomx.sh, which pauses this process and the C program in turns.")
    private boolean ticks;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RandomXEngine engine = RandomXEngine.open(EngineSettings.defaults()
                .withMode(RandomXMode.parse(mode))
                .withThreads(threads)
                .withHugePages(HugePagesPolicy.parse(hugePages))
                .withProgress(new ProgressPrinter(out)))) {
            out.printf("randomx bench: mode=%s threads=%d flags=%s%n", engine.mode().label(), engine.threads(),
                    RandomXFlags.describe(engine.flags()));
            out.flush();
            long keyStart = System.nanoTime();
            engine.setSeed(KEY);
            out.printf("key_ms=%d%n", (System.nanoTime() - keyStart) / 1_000_000);
            if (engine.mode() == RandomXMode.FAST) {
                out.printf("dataset_init_ms=%d%n", engine.datasetInitMillis());
            }
            double rate = measure(engine, out);
            out.printf(Locale.ROOT, "hashrate=%.1f%n", rate);
            out.flush();
            return 0;
        } catch (NativeLibraryMissingException | RandomXException | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** Hashes for the warm-up, then measures; the VMs (and whether they got huge pages) exist after the warm-up. */
    private double measure(RandomXEngine engine, PrintWriter out) throws InterruptedException {
        byte[] blob = new byte[BLOB_SIZE];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) i;
        }
        MinerSettings minerSettings = MinerSettings.defaults().withThreads(engine.threads())
                .withAffinity(AffinityPlan.parse(affinity));
        try (MinerThreads miners = new MinerThreads(engine, minerSettings, candidate -> { })) {
            miners.start();
            // Target 1: only a hash whose last 8 bytes are all zero would be reported, so nothing is.
            miners.setJob(new MoneroJob("bench", blob, 1, KEY, 0, MoneroJob.ALGO_RX0, -1, false));
            Thread.sleep(warmup * 1000L);
            out.printf("large_pages: %s%n", engine.largePages());
            long startHashes = miners.totalHashes();
            long startCpu = processCpuNanos();
            long start = System.nanoTime();
            for (int s = 1; s <= seconds; s++) {
                if (ticks) {
                    // Relative sleeps: after a SIGSTOP the next tick spans the pause, and the script drops it.
                    Thread.sleep(1000);
                    out.printf("tick %d %d%n", System.nanoTime() / 1_000_000, miners.totalHashes());
                    out.flush();
                    continue;
                }
                Thread.sleep(Math.max(0, start / 1_000_000 + s * 1000L - System.nanoTime() / 1_000_000));
                if (s % 5 == 0 || s == seconds) {
                    out.printf(Locale.ROOT, "%3d s: %.1f H/s%n", s, rate(miners.totalHashes() - startHashes, start));
                    out.flush();
                }
            }
            long hashes = miners.totalHashes() - startHashes;
            double rate = rate(hashes, start);
            // Hashes per CPU-second of the whole process (JIT and GC included) stay comparable with the C
            // figure when other work on a shared machine takes CPU time from both.
            double cpuSeconds = (processCpuNanos() - startCpu) / 1e9;
            out.printf(Locale.ROOT, "cpu_seconds=%.2f%nhashes_per_cpu_second=%.1f%n", cpuSeconds,
                    cpuSeconds > 0 ? hashes / cpuSeconds : 0);
            return rate;
        }
    }

    private static double rate(long hashes, long startNanos) {
        return hashes * 1e9 / (System.nanoTime() - startNanos);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
