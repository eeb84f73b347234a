package io.quarry.randomx.hashing;

import java.util.Locale;

/**
 * Whether RandomX memory goes into large (huge) pages, which spares the TLB misses that cost fast mode about a
 * third of its hashrate (bench/BENCHMARKS.md measured about 0.67x without them).
 */
public enum HugePagesPolicy {
    /**
     * Use huge pages; when too few are free and the process may write {@code /proc/sys/vm/nr_hugepages}
     * (root), reserve the missing ones first, as XMRig does. The default.
     */
    AUTO,
    /** Use the huge pages the system already has free; never change system settings. */
    USE,
    /** Never use huge pages. */
    OFF;

    /** Parses {@code auto|use|off}, case-insensitively. */
    public static HugePagesPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("huge_pages must be auto, use or off, was '" + value + "'", e);
        }
    }
}
