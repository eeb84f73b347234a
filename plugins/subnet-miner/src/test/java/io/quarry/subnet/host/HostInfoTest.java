package io.quarry.subnet.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostInfoTest {

    @TempDir
    Path dir;

    @Test
    void readsCpuModelAndMemoryFromProcFiles() throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Example CPU @ 3.00GHz\n"
                + "processor\t: 1\nmodel name\t: Example CPU @ 3.00GHz\n");
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       16384000 kB\nMemFree:         1000 kB\n");
        assertThat(HostInfo.cpuModel(cpuinfo)).hasValue("Example CPU @ 3.00GHz");
        assertThat(HostInfo.memory(meminfo)).isEqualTo(16384000L * 1024);
        assertThat(HostInfo.cpuModel(dir.resolve("absent"))).isEmpty();
        assertThat(HostInfo.memory(dir.resolve("absent"))).as("falls back to the JVM's figure").isPositive();
    }

    @Test
    void gpuInfoReportsTheFirstGpuOrACountOfZero() {
        assertThat(new HostInfo("c", 2, 1, List.of()).gpuInfo()).containsExactly(java.util.Map.entry("gpu_count", 0));
        var info = new HostInfo("c", 2, 1, List.of(new Gpu("NVIDIA A100", 80_000_000_000L), new Gpu("x", 1)));
        assertThat(info.gpuInfo()).containsEntry("gpu_count", 2).containsEntry("gpu_name", "NVIDIA A100")
                .containsEntry("vram_gb", 80.0);
    }

    @Test
    void theHostIsReadAgainOnlyAfterMaxAge() {
        MutableClock clock = new MutableClock(0);
        AtomicInteger reads = new AtomicInteger();
        HostInfoCache cache = new HostInfoCache(() -> {
            reads.incrementAndGet();
            return new HostInfo("c", 1, 1, List.of());
        }, clock, Duration.ofMinutes(1));
        cache.get();
        cache.get();
        clock.advance(Duration.ofSeconds(59));
        cache.get();
        assertThat(reads).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        cache.get();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aHostWithoutNvmlHasNoGpu() {
        // This test machine has no NVIDIA driver; where one is installed the list is the driver's devices.
        if (!Files.exists(Path.of("/proc/driver/nvidia"))) {
            assertThat(Nvml.gpus()).isEmpty();
        }
    }
}
