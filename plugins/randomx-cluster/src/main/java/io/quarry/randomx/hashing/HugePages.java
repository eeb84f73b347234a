package io.quarry.randomx.hashing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux huge pages for RandomX memory: how many are free (/proc/meminfo), reserving the missing ones when the
 * policy and permissions allow (writing {@code /proc/sys/vm/nr_hugepages}, which needs root, as XMRig does), and
 * saying once how to enable them when they cannot be had.
 */
public final class HugePages {

    private static final Logger LOG = LoggerFactory.getLogger(HugePages.class);
    private static final AtomicBoolean ADVISED = new AtomicBoolean();

    private final Path meminfo;
    private final Path nrHugepages;

    HugePages(Path meminfo, Path nrHugepages) {
        this.meminfo = meminfo;
        this.nrHugepages = nrHugepages;
    }

    /** The running system's files. */
    public static HugePages system() {
        return new HugePages(Path.of("/proc/meminfo"), Path.of("/proc/sys/vm/nr_hugepages"));
    }

    /** Default huge page size in bytes (Hugepagesize), 0 where the system has none. */
    public long pageSize() {
        return field("Hugepagesize") * 1024;
    }

    /** HugePages_Free, 0 where unknown. */
    public long freePages() {
        return Math.max(0, field("HugePages_Free"));
    }

    /** Pages for the given allocations, each rounded up on its own (each is a separate mapping). */
    public long pagesFor(long... allocationBytes) {
        long size = pageSize();
        if (size <= 0) {
            return 0;
        }
        long pages = 0;
        for (long bytes : allocationBytes) {
            pages += (bytes + size - 1) / size;
        }
        return pages;
    }

    /**
     * Gets {@code pagesNeeded} huge pages free if the policy allows, reserving the shortfall under
     * {@link HugePagesPolicy#AUTO} when {@code nr_hugepages} is writable.
     *
     * @return whether allocations should try huge pages at all (some are free); each allocation still falls
     *     back to normal pages on its own when its huge-page mapping fails
     */
    public boolean prepare(long pagesNeeded, HugePagesPolicy policy) {
        if (policy == HugePagesPolicy.OFF || pageSize() <= 0) {
            return false;
        }
        long free = freePages();
        if (free < pagesNeeded && policy == HugePagesPolicy.AUTO && Files.isWritable(nrHugepages)) {
            reserve(pagesNeeded - free);
            free = freePages();
        }
        if (free < pagesNeeded) {
            adviseOnce(pagesNeeded, free);
        }
        return free > 0;
    }

    private void reserve(long missing) {
        try {
            long before = readSysctl(nrHugepages);
            long target = before + missing;
            Files.writeString(nrHugepages, Long.toString(target));
            long after = readSysctl(nrHugepages); // the kernel reserves what it can find contiguous
            LOG.info("Reserved huge pages for RandomX as XMRig does: vm.nr_hugepages {} -> {} (asked {}); they stay "
                    + "reserved after Quarry exits; set huge_pages = \"use\" to leave system settings alone",
                    before, after, target);
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Could not reserve huge pages in {}: {}", nrHugepages, e.toString());
        }
    }

    /**
     * Reads a numeric sysctl in one read(2): the kernel's sysctl handlers return nothing for reads at a non-zero
     * offset, so Files.readString, which reads one byte and then the rest, would see "1174" as "1".
     */
    static long readSysctl(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64];
            int read = in.read(buffer);
            return Long.parseLong(new String(buffer, 0, Math.max(0, read), StandardCharsets.US_ASCII).trim());
        }
    }

    /** Logs, once per JVM, that huge pages are short, what that costs and how to enable them. */
    static void adviseOnce(long pagesNeeded, long free) {
        if (ADVISED.compareAndSet(false, true)) {
            LOG.warn("RandomX has {} of the {} huge pages it wants: expect about 0.67x the hashrate without them. "
                    + "To enable: run Quarry once as root with huge_pages = \"auto\" (it reserves them), or "
                    + "'sysctl -w vm.nr_hugepages={}' (persist in /etc/sysctl.d/)", free, pagesNeeded, pagesNeeded);
        }
    }

    private long field(String name) {
        try {
            return meminfoField(Files.readAllLines(meminfo), name);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The number in a /proc/meminfo line {@code name: value [kB]}, or -1 if absent. */
    static long meminfoField(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name + ":")) {
                String value = line.substring(name.length() + 1).trim();
                int space = value.indexOf(' ');
                return Long.parseLong(space < 0 ? value : value.substring(0, space));
            }
        }
        return -1;
    }
}
