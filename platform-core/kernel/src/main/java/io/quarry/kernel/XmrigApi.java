package io.quarry.kernel;

import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.kernel.health.HealthReport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read-only part of the XMRig HTTP API (version 2) that monitoring tools poll: {@code GET /2/summary} and
 * {@code GET /2/backends}, with XMRig's field names, filled from the node's miners. Hashrates are the sum over
 * running miners in each miner's own unit (hashes per second for RandomX and PoIES nonces). Fields XMRig
 * reports that a Quarry node does not track (pool difficulty, total hashes, best shares) are zero or empty,
 * never invented. The API is served restricted: no {@code /json_rpc} control.
 */
final class XmrigApi {

    /** XMRig's kind for a mining program; monitoring tools key on it. */
    static final String KIND = "miner";

    private final AtomicLong highestMilli = new AtomicLong();

    /** The {@code /2/summary} document. */
    Map<String, Object> summary(HealthReport health, List<Miner> miners) {
        List<Figures> figures = miners.stream().map(Figures::of).toList();
        double[] total = new double[3];
        long good = 0;
        long all = 0;
        long uptime = 0;
        Figures lead = null;
        for (Figures f : figures) {
            if (f.active()) {
                total[0] += f.stats().hashrate().tenSeconds();
                total[1] += f.stats().hashrate().sixtySeconds();
                total[2] += f.stats().hashrate().fifteenMinutes();
                if (lead == null) {
                    lead = f;
                }
            }
            good += f.stats().sharesAccepted();
            all += f.stats().sharesAccepted() + f.stats().sharesRejected() + f.stats().sharesStale();
            uptime = Math.max(uptime, f.stats().uptime().toSeconds());
        }
        double highest = highestMilli.accumulateAndGet(Math.round(total[0] * 1000), Math::max) / 1000.0;
        long avgTime = good == 0 ? 0 : uptime / good;

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", health.nodeId().substring(0, 16));
        out.put("worker_id", health.name());
        out.put("uptime", (long) health.uptimeSeconds());
        out.put("restricted", true);
        out.put("resources", resources());
        out.put("features", List.of("api", "http"));
        out.put("version", health.version());
        out.put("kind", KIND);
        out.put("ua", "Quarry/" + health.version() + " (" + System.getProperty("os.name") + "; "
                + System.getProperty("os.arch") + ")");
        out.put("cpu", cpu());
        out.put("donate_level", 0);
        out.put("paused", lead == null);
        out.put("algorithms", figures.stream().map(f -> algo(f.miner())).distinct().toList());
        Map<String, Object> hashrate = new LinkedHashMap<>();
        hashrate.put("total", List.of(total[0], total[1], total[2]));
        hashrate.put("highest", highest);
        out.put("hashrate", hashrate);
        String algo = lead != null ? algo(lead.miner()) : figures.isEmpty() ? "invalid" : algo(figures.get(0).miner());
        out.put("algo", algo);
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("pool", lead != null ? String.valueOf(lead.stats().extra().getOrDefault("upstream", "")) : "");
        connection.put("ip", null);
        connection.put("uptime", lead != null ? lead.stats().uptime().toSeconds() : 0);
        connection.put("uptime_ms", lead != null ? lead.stats().uptime().toMillis() : 0);
        connection.put("ping", 0);
        connection.put("failures", 0);
        connection.put("tls", null);
        connection.put("tls-fingerprint", null);
        connection.put("algo", algo);
        connection.put("diff", 0);
        connection.put("accepted", good);
        connection.put("rejected", all - good);
        connection.put("avg_time", avgTime);
        connection.put("avg_time_ms", avgTime * 1000);
        connection.put("hashes_total", 0);
        out.put("connection", connection);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("diff_current", 0);
        results.put("shares_good", good);
        results.put("shares_total", all);
        results.put("avg_time", avgTime);
        results.put("avg_time_ms", avgTime * 1000);
        results.put("hashes_total", 0);
        results.put("best", List.of());
        out.put("results", results);
        return out;
    }

    /** The {@code /2/backends} document: one backend per miner. */
    List<Map<String, Object>> backends(List<Miner> miners) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Miner miner : miners) {
            Figures f = Figures.of(miner);
            Map<String, Object> backend = new LinkedHashMap<>();
            backend.put("type", miner.kind());
            backend.put("id", miner.id());
            backend.put("enabled", f.active());
            backend.put("algo", algo(miner));
            backend.put("profile", miner.id());
            backend.put("hashrate", List.of(f.stats().hashrate().tenSeconds(), f.stats().hashrate().sixtySeconds(),
                    f.stats().hashrate().fifteenMinutes()));
            backend.put("threads", List.of());
            out.add(backend);
        }
        return out;
    }

    /** XMRig's short algorithm name for a miner kind ({@code rx/0} for RandomX), else the kind itself. */
    static String algo(Miner miner) {
        return switch (miner.kind()) {
            case "randomx" -> "rx/0";
            default -> miner.kind();
        };
    }

    private record Figures(Miner miner, MinerStats stats, boolean active) {
        static Figures of(Miner miner) {
            MinerStats stats;
            try {
                stats = miner.stats();
            } catch (RuntimeException e) {
                stats = MinerStats.idle();
            }
            MinerState state = miner.state();
            return new Figures(miner, stats, state == MinerState.RUNNING || state == MinerState.STARTING);
        }
    }

    private static Map<String, Object> resources() {
        Map<String, Object> memory = new LinkedHashMap<>();
        long free = 0;
        long total = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            free = os.getFreeMemorySize();
            total = os.getTotalMemorySize();
        }
        memory.put("free", free);
        memory.put("total", total);
        memory.put("resident_set_memory", residentSetBytes());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("memory", memory);
        out.put("load_average", loadAverage());
        out.put("hardware_concurrency", Runtime.getRuntime().availableProcessors());
        return out;
    }

    private static Map<String, Object> cpu() {
        String brand = "";
        String flags = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (brand.isEmpty() && line.startsWith("model name")) {
                    brand = line.substring(line.indexOf(':') + 1).trim();
                } else if (flags.isEmpty() && (line.startsWith("flags") || line.startsWith("Features"))) {
                    flags = " " + line.substring(line.indexOf(':') + 1).trim() + " ";
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: the fields stay empty.
        }
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("brand", brand);
        out.put("aes", flags.contains(" aes "));
        out.put("avx2", flags.contains(" avx2 "));
        out.put("x64", arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
        out.put("threads", Runtime.getRuntime().availableProcessors());
        out.put("arch", arch);
        return out;
    }

    private static List<Double> loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        } catch (IOException | RuntimeException e) {
            double one = Math.max(0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return List.of(one, 0.0, 0.0);
        }
    }

    private static long residentSetBytes() {
        try {
            String[] parts = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(parts[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().totalMemory();
        }
    }
}
