package io.quarry.natives;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code randomx_flags} bit values, as {@code randomx.h} (RandomX 1.1.x, the header of Debian's
 * {@code librandomx-dev}) defines them. Flags are plain {@code int}s so they cross JNA as the C enum does.
 */
public final class RandomXFlags {

    /** No flag: the portable, slowest configuration. */
    public static final int DEFAULT = 0;
    /** Allocate memory (cache, dataset, scratchpad) in large pages. */
    public static final int LARGE_PAGES = 1;
    /** Use hardware-accelerated AES in the VM. */
    public static final int HARD_AES = 2;
    /** Fast mode: the VM reads the full 2 GiB dataset instead of computing items from the cache. */
    public static final int FULL_MEM = 4;
    /** Compile RandomX programs to machine code. */
    public static final int JIT = 8;
    /** With {@link #JIT}: JIT pages are never writable and executable at once (W^X). */
    public static final int SECURE = 16;
    /** Argon2 with SSSE3 for cache initialisation. */
    public static final int ARGON2_SSSE3 = 32;
    /** Argon2 with AVX2 for cache initialisation. */
    public static final int ARGON2_AVX2 = 64;
    /** Mask of the two Argon2 implementation bits. */
    public static final int ARGON2 = 96;

    private RandomXFlags() {
    }

    /** Names of the bits set in {@code flags}, e.g. {@code "JIT|HARD_AES|FULL_MEM"}, or {@code "DEFAULT"}. */
    public static String describe(int flags) {
        List<String> names = new ArrayList<>();
        if ((flags & LARGE_PAGES) != 0) {
            names.add("LARGE_PAGES");
        }
        if ((flags & HARD_AES) != 0) {
            names.add("HARD_AES");
        }
        if ((flags & FULL_MEM) != 0) {
            names.add("FULL_MEM");
        }
        if ((flags & JIT) != 0) {
            names.add("JIT");
        }
        if ((flags & SECURE) != 0) {
            names.add("SECURE");
        }
        // randomx_get_flags sets both Argon2 bits on AVX2 CPUs; dataset.hpp selectArgonImpl then takes AVX2.
        if ((flags & ARGON2_SSSE3) != 0) {
            names.add("ARGON2_SSSE3");
        }
        if ((flags & ARGON2_AVX2) != 0) {
            names.add("ARGON2_AVX2");
        }
        return names.isEmpty() ? "DEFAULT" : String.join("|", names);
    }
}
