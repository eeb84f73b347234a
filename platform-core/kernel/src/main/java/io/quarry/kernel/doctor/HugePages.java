package io.quarry.kernel.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Huge pages for RandomX. Sizes follow the RandomX specification: the fast-mode dataset is 2080 MiB and the
 * cache 256 MiB; each mining thread's scratchpad is 2 MiB. With 2 MiB pages that is 1040 + 128 pages, plus
 * one per thread (light mode: 128 plus one per thread).
 */
final class HugePages {

    static final long DATASET_PAGES = 1040;
    static final long CACHE_PAGES = 128;
    static final String GIGABYTE_DIR = "/sys/kernel/mm/hugepages/hugepages-1048576kB";

    private HugePages() {
    }

    /** 2 MiB pages RandomX wants for {@code threads} threads in {@code mode} ({@code light}, else fast). */
    static long pagesNeeded(String mode, int threads) {
        return CACHE_PAGES + threads + ("light".equals(mode) ? 0 : DATASET_PAGES);
    }

    static List<Finding> check(HostFiles host, Optional<RandomxNeeds> randomx) {
        List<Finding> out = new ArrayList<>();
        Optional<Long> total = host.field("/proc/meminfo", "HugePages_Total");
        Optional<Long> free = host.field("/proc/meminfo", "HugePages_Free");
        Optional<Long> sizeKb = host.field("/proc/meminfo", "Hugepagesize");
        if (total.isEmpty() || free.isEmpty()) {
            out.add(Finding.warn("huge pages", "this kernel reports no huge pages (/proc/meminfo); RandomX runs "
                    + "without them, 20-50% slower"));
        } else if (randomx.isEmpty()) {
            out.add(Finding.ok("huge pages", free.get() + " of " + total.get() + " free (no RandomX miner enabled)"));
        } else {
            RandomxNeeds needs = randomx.get();
            long needed = pagesNeeded(needs.mode(), needs.threads());
            if (sizeKb.isPresent() && sizeKb.get() != 2048) {
                out.add(Finding.warn("huge pages", "the default huge page is " + sizeKb.get() + " kB, not 2048 kB; "
                        + "RandomX uses 2 MiB pages"));
            } else if (free.get() >= needed) {
                out.add(Finding.ok("huge pages", free.get() + " free, " + needed + " needed for RandomX ("
                        + needs.describe() + ")"));
            } else {
                long target = total.get() - free.get() + needed;
                out.add(Finding.warn("huge pages", free.get() + " free, " + needed + " needed for RandomX ("
                        + needs.describe() + "); reserve them: sudo sysctl -w vm.nr_hugepages=" + target
                        + " (to keep it: echo vm.nr_hugepages=" + target + " | sudo tee /etc/sysctl.d/90-quarry.conf)"));
            }
        }
        out.add(gigabytePages(host, randomx.isPresent()));
        return out;
    }

    private static Finding gigabytePages(HostFiles host, boolean randomx) {
        Optional<String> reserved = host.read(GIGABYTE_DIR + "/nr_hugepages");
        if (reserved.isEmpty()) {
            return Finding.ok("1 GB pages", "not offered by this CPU or kernel (optional)");
        }
        long pages = Long.parseLong(reserved.get().trim());
        if (pages >= 3 || !randomx) {
            return Finding.ok("1 GB pages", pages + " reserved" + (randomx ? "" : " (no RandomX miner enabled)"));
        }
        return Finding.warn("1 GB pages", pages + " reserved; the RandomX dataset gains a few percent on 1 GB pages: "
                + "echo 3 | sudo tee " + GIGABYTE_DIR + "/nr_hugepages (optional)");
    }
}
