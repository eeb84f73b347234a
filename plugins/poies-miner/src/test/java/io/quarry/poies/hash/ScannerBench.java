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
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The scanner benchmark behind {@code bench/poies.sh} (not a test): nonces per second of {@link CpuDevice} with 1
 * and 2 threads over a realistic template, taking turns in one run with {@code bench/poies/sha3bench} (OpenSSL's
 * SHA3-512 over the same full input, {@code canonical header || nonce || mixSeed}, per nonce) so both see the same
 * machine load.
 *
 * <p>Usage: {@code ScannerBench [--rounds N] [--seconds S] [--openssl PATH] [--print-input]}. Prints one line per
 * measurement and a summary with medians and ratios.
 */
public final class ScannerBench {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static double lastCores;
    private static double lastPerCpuSecond;

    private ScannerBench() {
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
        System.out.printf(Locale.ROOT, "template: canonical header %d bytes (%d Keccak-512 blocks), full input per"
                + " nonce %d bytes; %s, %d CPUs%n", header.length, header.length / 72, header.length + 40,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        // warm-up: let the JIT compile the permutation before anything is timed
        measure(template, 1, Math.min(seconds, 3));
        measure(template, 2, Math.min(seconds, 2));
        List<Double> c = new ArrayList<>();
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        List<Double> cores = new ArrayList<>();
        List<Double> cCpu = new ArrayList<>();
        List<Double> oneCpu = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            if (openssl != null) {
                c.add(runOpenssl(openssl, headerHex, seedHex, seconds));
                cCpu.add(lastPerCpuSecond);
            }
            one.add(measure(template, 1, seconds));
            oneCpu.add(lastPerCpuSecond);
            String oneShare = String.format(Locale.ROOT, "%.2f cores, %.0f per CPU-second", lastCores,
                    lastPerCpuSecond);
            two.add(measure(template, 2, seconds));
            cores.add(lastCores);
            System.out.printf(Locale.ROOT, "round %d: openssl sha3-512 1 thread %s, java 1 thread %.0f/s (%s),"
                    + " java 2 threads %.0f/s (%.2f cores, %.0f per CPU-second)%n", round, c.isEmpty() ? "-"
                    : String.format(Locale.ROOT, "%.0f/s (%.0f per CPU-second)", c.get(c.size() - 1),
                    cCpu.get(cCpu.size() - 1)), one.get(one.size() - 1), oneShare,
                    two.get(two.size() - 1), lastCores, lastPerCpuSecond);
        }
        double mc = median(c);
        double m1 = median(one);
        double m2 = median(two);
        System.out.printf(Locale.ROOT, "median: openssl %.0f/s, java 1 thread %.0f/s, java 2 threads %.0f/s%n",
                mc, m1, m2);
        if (!c.isEmpty()) {
            System.out.printf(Locale.ROOT, "java 1 thread / openssl: %.2f per wall-clock second, %.2f per CPU-second"
                    + " (%.0f / %.0f)%n", m1 / mc, median(oneCpu) / median(cCpu), median(oneCpu), median(cCpu));
        }
        System.out.printf(Locale.ROOT, "java 2 threads / 1 thread: %.2f (the 2-thread runs got %.2f cores, median)%n",
                m2 / m1, median(cores));
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
     * Nonces per second of wall time with {@code threads} threads. Also records how many cores the JVM really
     * got meanwhile: on a shared machine (Linux groups CPU time by session) two threads may get no more CPU
     * than one, and the 1-to-2 thread ratio then says nothing about the scanner.
     */
    private static double measure(HeaderTemplate template, int threads, double seconds) throws InterruptedException {
        try (CpuDevice device = new CpuDevice(threads, candidate -> { }, new HashrateMeter())) {
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
            lastCores = (double) cpu / elapsed;
            lastPerCpuSecond = (after - before) * 1e9 / cpu;
            return (after - before) * 1e9 / elapsed;
        }
    }

    private static double runOpenssl(String binary, String headerHex, String seedHex, double seconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(binary, headerHex, seedHex, String.valueOf(seconds))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null || !line.startsWith("hashes_per_sec ")) {
            throw new IOException(binary + " failed: " + line);
        }
        String[] rates = line.substring("hashes_per_sec ".length()).trim().split(" ");
        lastPerCpuSecond = Double.parseDouble(rates[1]);
        return Double.parseDouble(rates[0]);
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
