package io.quarry.randomx.hashing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much memory each mode takes, and which mode {@link RandomXMode#AUTO} becomes under a RAM limit (the
 * {@code --ram} option, key {@code ram_mb}). Sizes come from RandomX's {@code src/configuration.h}.
 */
public final class MemoryPlan {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryPlan.class);

    /** One mebibyte. */
    public static final long MIB = 1L << 20;
    /** Cache: RANDOMX_ARGON_MEMORY = 262144 KiB. */
    public static final long CACHE_BYTES = 256 * MIB;
    /** Dataset: RANDOMX_DATASET_BASE_SIZE (2 GiB) + RANDOMX_DATASET_EXTRA_SIZE (33554368 bytes). */
    public static final long DATASET_BYTES = 2_147_483_648L + 33_554_368L;
    /** Per VM: RANDOMX_SCRATCHPAD_L3 = 2 MiB. */
    public static final long SCRATCHPAD_BYTES = 2 * MIB;

    private MemoryPlan() {
    }

    /**
     * Bytes a mode needs with {@code vms} VMs. Re-keying builds the new cache beside the old one, so two caches
     * are counted.
     */
    public static long requiredBytes(RandomXMode mode, int vms) {
        long light = 2 * CACHE_BYTES + (long) vms * SCRATCHPAD_BYTES;
        return mode == RandomXMode.FAST ? light + DATASET_BYTES : light;
    }

    /**
     * The concrete mode for a request.
     *
     * @param ramMb the operator's limit in MiB; 0 means use what the system has available
     * @param availableBytes memory the system has available ({@link #availableBytes()})
     * @throws IllegalArgumentException if fast mode is requested and {@code ramMb} rules it out
     */
    public static RandomXMode resolve(RandomXMode requested, long ramMb, int vms, long availableBytes) {
        if (requested == RandomXMode.LIGHT) {
            return RandomXMode.LIGHT;
        }
        long fastNeeds = requiredBytes(RandomXMode.FAST, vms);
        long budget = ramMb > 0 ? ramMb * MIB : availableBytes;
        if (requested == RandomXMode.FAST) {
            if (ramMb > 0 && budget < fastNeeds) {
                throw new IllegalArgumentException("mode = fast needs " + fastNeeds / MIB + " MiB with " + vms
                        + " VMs but ram_mb = " + ramMb + ": raise ram_mb or use mode = light or auto");
            }
            if (availableBytes < fastNeeds) {
                LOG.warn("Fast mode needs {} MiB, the system has {} MiB available: expect swapping or an "
                        + "allocation failure", fastNeeds / MIB, availableBytes / MIB);
            }
            return RandomXMode.FAST;
        }
        RandomXMode mode = budget >= fastNeeds ? RandomXMode.FAST : RandomXMode.LIGHT;
        LOG.info("mode = auto chose {}: fast needs {} MiB, {} MiB {}", mode.label(), fastNeeds / MIB, budget / MIB,
                ramMb > 0 ? "allowed by ram_mb" : "available");
        return mode;
    }

    /** MemAvailable from /proc/meminfo; where that file does not exist, the OS's free memory as the JDK reports it. */
    public static long availableBytes() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            long kib = HugePages.meminfoField(lines, "MemAvailable");
            if (kib >= 0) {
                return kib * 1024;
            }
        } catch (IOException e) {
            LOG.debug("No /proc/meminfo: {}", e.toString());
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return Long.MAX_VALUE;
    }
}
