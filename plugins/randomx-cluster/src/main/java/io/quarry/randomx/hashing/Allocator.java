package io.quarry.randomx.hashing;

import com.sun.jna.Pointer;
import io.quarry.natives.RandomX;
import io.quarry.natives.RandomXFlags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocates caches, the dataset and VMs, in huge pages when asked: each allocation first tries
 * RANDOMX_FLAG_LARGE_PAGES and, when the library returns NULL for it (randomx.h: "memory allocation fails"),
 * retries once without, so a short supply of huge pages slows mining instead of stopping it.
 */
final class Allocator {

    private static final Logger LOG = LoggerFactory.getLogger(Allocator.class);

    private final RandomX rx;
    private final int vmFlags;
    private final boolean large;
    private final Map<String, Boolean> usedLarge = new ConcurrentHashMap<>();

    Allocator(RandomX rx, int vmFlags, boolean large) {
        this.rx = rx;
        this.vmFlags = vmFlags;
        this.large = large;
    }

    /** A cache (JIT, Argon2 and secure bits as for the VMs; randomx_alloc_cache ignores the rest). */
    Pointer cache() {
        int flags = vmFlags & (RandomXFlags.JIT | RandomXFlags.ARGON2 | RandomXFlags.SECURE);
        return allocate("cache", rx::allocCache, flags);
    }

    /** A dataset (only LARGE_PAGES matters to randomx_alloc_dataset). */
    Pointer dataset() {
        return allocate("dataset", rx::allocDataset, RandomXFlags.DEFAULT);
    }

    /** A VM over {@code cache} (light) or {@code dataset} (fast, when non-null). */
    Pointer vm(Pointer cache, Pointer dataset) {
        return allocate("vm", flags -> dataset != null ? rx.createVm(flags, null, dataset) : rx.createVm(flags, cache, null),
                vmFlags);
    }

    /** e.g. {@code "dataset=yes cache=yes vm=no"}: what got huge pages so far. */
    String summary() {
        StringBuilder text = new StringBuilder();
        for (String what : new String[] {"dataset", "cache", "vm"}) {
            Boolean used = usedLarge.get(what);
            if (used != null) {
                text.append(text.isEmpty() ? "" : " ").append(what).append('=').append(used ? "yes" : "no");
            }
        }
        return text.isEmpty() ? "none allocated" : text.toString();
    }

    private Pointer allocate(String what, IntFunction<Pointer> alloc, int flags) {
        if (large) {
            Pointer pointer = alloc.apply(flags | RandomXFlags.LARGE_PAGES);
            if (pointer != null) {
                usedLarge.put(what, true);
                return pointer;
            }
            if (usedLarge.putIfAbsent(what, false) == null) {
                LOG.warn("RandomX {}: no huge pages to be had, using normal pages (slower)", what);
            }
        }
        Pointer pointer = alloc.apply(flags);
        if (pointer == null) {
            throw new RandomXException("RandomX could not allocate the " + what + " with flags "
                    + RandomXFlags.describe(flags) + ": out of memory, or the flags are not supported here "
                    + "(try jit = \"off\", hard_aes = \"off\", secure_jit = \"on\", or mode = \"light\")");
        }
        usedLarge.putIfAbsent(what, false);
        return pointer;
    }
}
