package io.quarry.subnet.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What this host offers, read from the host itself: CPU model and logical cores ({@code /proc/cpuinfo}),
 * memory ({@code /proc/meminfo}, else the JVM's view of the OS), and GPUs through NVML.
 *
 * @param cpuModel the CPU model name, or "unknown" when the OS does not say
 * @param cpuCores logical CPUs available
 * @param memoryBytes total memory
 * @param gpus the GPUs, empty when none
 */
public record HostInfo(String cpuModel, int cpuCores, long memoryBytes, List<Gpu> gpus) {

    public HostInfo {
        gpus = List.copyOf(gpus);
    }

    /** Reads the host. */
    public static HostInfo read() {
        return new HostInfo(cpuModel(Path.of("/proc/cpuinfo")).orElse("unknown"),
                Runtime.getRuntime().availableProcessors(), memory(Path.of("/proc/meminfo")), Nvml.gpus());
    }

    /** The first "model name" of a cpuinfo file. */
    static Optional<String> cpuModel(Path cpuinfo) {
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .filter(s -> !s.isEmpty()).findFirst();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** MemTotal of a meminfo file in bytes, else what the JVM reports. */
    static long memory(Path meminfo) {
        try (var lines = Files.lines(meminfo)) {
            Optional<Long> kib = lines.filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst();
            if (kib.isPresent()) {
                return kib.get() * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the JVM's figure
        }
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }

    /** Pattern B's GPU report: {@code gpu_count}, and the first GPU's {@code gpu_name} and {@code vram_gb}. */
    public java.util.Map<String, Object> gpuInfo() {
        var out = new java.util.LinkedHashMap<String, Object>();
        out.put("gpu_count", gpus.size());
        if (!gpus.isEmpty()) {
            out.put("gpu_name", gpus.get(0).name());
            out.put("vram_gb", gpus.get(0).memoryBytes() / 1e9);
        }
        return out;
    }
}
