package io.quarry.poies.hash;

import io.quarry.api.miner.HashrateMeter;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.CanonicalHeader;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.MerkleRoot;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;

/**
 * The scanner benchmark behind {@code bench/poies.sh} (not a test): nonces per second of {@link CpuDevice} over a
 * realistic template, taking turns in one run with {@code bench/poies/sha3bench} (OpenSSL's SHA3-512) so all see
 * the same machine load. Per round: OpenSSL hashing the full input per nonce ({@code full}), OpenSSL from the
 * absorbed header ({@code midstate}: {@code EVP_MD_CTX_copy_ex} per nonce, then only nonce and mix seed), the
 * scalar Java kernel on 1 thread, the detected kernel (SIMD lanes where available) on 1 and 2 threads.
 *
 * <p>Usage: {@code ScannerBench [--rounds N] [--seconds S] [--openssl PATH] [--print-input]}. Prints one line per
 * round, medians and ratios, and last {@code scanner_vs_openssl_midstate=<ratio>}: the detected kernel on one
 * thread over midstate OpenSSL, nonces per CPU-second (the figure the machine's other load moves least).
 */
public final class ScannerBench {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private ScannerBench() {
    }

    /** One measurement: nonces per wall-clock second, per CPU-second, and the cores it got. */
    private record Rate(double wall, double perCpu, double cores) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f/s (%.0f per CPU-s, %.2f cores)", wall, perCpu, cores);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        double seconds = 5;
        String openssl = null;
        boolean printInput = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--openssl" -> openssl = args[++i];
                case "--print-input" -> printInput = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HeaderTemplate template = realisticTemplate();
        byte[] header = CanonicalHeader.encode(template);
        String headerHex = HexFormat.of().formatHex(header);
        String seedHex = template.mixSeed().hexDigits();
        if (printInput) {
            System.out.println(headerHex + " " + seedHex);
            return;
        }
        ScanKernel best = ScanKernel.detect();
        System.out.printf(Locale.ROOT, "template: canonical header %d bytes (%d Keccak-512 blocks), full input per"
                + " nonce %d bytes; %s, %d CPUs%n", header.length, header.length / 72, header.length + 40,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("scanner kernel: " + best.description());
        // warm-up: let the JIT compile both kernels before anything is timed
        measure(template, 1, ScanKernel.scalar(), Math.min(seconds, 2));
        measure(template, 1, best, Math.min(seconds, 3));
        measure(template, 2, best, Math.min(seconds, 2));
        Map<String, List<Rate>> all = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            Map<String, Rate> r = new LinkedHashMap<>();
            if (openssl != null) {
                r.put("openssl full", runOpenssl(openssl, headerHex, seedHex, seconds, "full"));
                r.put("openssl midstate", runOpenssl(openssl, headerHex, seedHex, seconds, "midstate"));
            }
            r.put("java scalar 1 thread", measure(template, 1, ScanKernel.scalar(), seconds));
            r.put("java 1 thread", measure(template, 1, best, seconds));
            r.put("java 2 threads", measure(template, 2, best, seconds));
            StringBuilder line = new StringBuilder("round " + round + ":");
            r.forEach((name, rate) -> {
                line.append(' ').append(name).append(' ').append(rate).append(';');
                all.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
            });
            System.out.println(line.substring(0, line.length() - 1));
        }
        System.out.println("medians (" + rounds + " rounds of " + seconds + " s):");
        all.forEach((name, rates) -> System.out.printf(Locale.ROOT, "  %-22s %12.0f/s wall %12.0f per CPU-second"
                + " (%.2f cores)%n", name, median(rates, Rate::wall), median(rates, Rate::perCpu),
                median(rates, Rate::cores)));
        double one = median(all.get("java 1 thread"), Rate::perCpu);
        double scalar = median(all.get("java scalar 1 thread"), Rate::perCpu);
        System.out.printf(Locale.ROOT, "java %s / scalar, 1 thread: %.2f per CPU-second%n", best.simd() ? "SIMD"
                : "scalar", one / scalar);
        System.out.printf(Locale.ROOT, "java 2 threads / 1 thread: %.2f wall (the 2-thread runs got %.2f cores)%n",
                median(all.get("java 2 threads"), Rate::wall) / median(all.get("java 1 thread"), Rate::wall),
                median(all.get("java 2 threads"), Rate::cores));
        if (openssl != null) {
            double full = median(all.get("openssl full"), Rate::perCpu);
            double mid = median(all.get("openssl midstate"), Rate::perCpu);
            System.out.printf(Locale.ROOT, "java 1 thread / openssl full: %.2f per CPU-second; / openssl midstate:"
                    + " %.2f per CPU-second, %.2f wall%n", one / full, one / mid,
                    median(all.get("java 1 thread"), Rate::wall) / median(all.get("openssl midstate"), Rate::wall));
            System.out.printf(Locale.ROOT, "scanner_vs_openssl_midstate=%.2f%n", one / mid);
        }
    }

    /** A template as the dev node builds them: one VDF proof committed, a bech32-length coinbase. */
    static HeaderTemplate realisticTemplate() {
        Random random = new Random(2024);
        ProofEnvelope vdf = new ProofEnvelope("vdf:v1", ProofBody.builder().put("iterations", 1L << 20)
                .putHex("input", randomBytes(random)).putHex("y", randomBytes(random)).build(), randomBytes(random));
        return new HeaderTemplate(1337, 48_213, randomBytes(random), randomBytes(random), MerkleRoot.EMPTY,
                MerkleRoot.ofProofs(List.of(vdf)), MerkleRoot.EMPTY,
                new HeaderTemplate.Params(16_900_000, 2_500_000, 150_000),
                new HeaderTemplate.PolicyRoots(randomBytes(random), randomBytes(random)),
                new HeaderTemplate.NonceDomain(randomBytes(random), HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1),
                1_763_700_000L, "anim1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
                new HeaderTemplate.Extra("mp-00b41c", "48213-7f3a9c02"));
    }

    /**
     * Nonces per second with {@code threads} threads on {@code kernel}. Also records how many cores the JVM really
     * got meanwhile: on a shared machine (Linux groups CPU time by session) two threads may get no more CPU
     * than one, and the 1-to-2 thread ratio then says nothing about the scanner.
     */
    private static Rate measure(HeaderTemplate template, int threads, ScanKernel kernel, double seconds)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (CpuDevice device = new CpuDevice(threads, candidate -> { }, new HashrateMeter(), pool, kernel)) {
            // target at the top: the pre-filter passes about one nonce in 2^64, as for a real share target
            device.scan(ScanJob.unbounded(template, UDraw.MAX_H_MICRO, 0));
            Thread.sleep(200); // threads started and running
            long start = System.nanoTime();
            long cpuBefore = OS.getProcessCpuTime();
            long before = device.hashes();
            Thread.sleep((long) (seconds * 1000));
            long after = device.hashes();
            long cpu = OS.getProcessCpuTime() - cpuBefore;
            long elapsed = System.nanoTime() - start;
            return new Rate((after - before) * 1e9 / elapsed, (after - before) * 1e9 / cpu, (double) cpu / elapsed);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Rate runOpenssl(String binary, String headerHex, String seedHex, double seconds, String mode)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(binary, headerHex, seedHex, String.valueOf(seconds), mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null || !line.startsWith("hashes_per_sec ")) {
            throw new IOException(binary + " " + mode + " failed: " + line);
        }
        String[] rates = line.substring("hashes_per_sec ".length()).trim().split(" ");
        double wall = Double.parseDouble(rates[0]);
        double perCpu = Double.parseDouble(rates[1]);
        return new Rate(wall, perCpu, wall / perCpu);
    }

    private static double median(List<Rate> rates, ToDoubleFunction<Rate> field) {
        List<Double> values = new ArrayList<>();
        rates.forEach(rate -> values.add(field.applyAsDouble(rate)));
        return median(values);
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Bytes randomBytes(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Bytes.of(bytes);
    }
}
