package io.quarry.randomx.hashing;

import io.quarry.natives.RandomXFlags;
import java.util.Objects;

/**
 * Overrides for the CPU-dependent RandomX flags. Full memory follows the mode and large pages the
 * {@link HugePagesPolicy}; everything else starts from {@code randomx_get_flags()} (which includes JIT,
 * HARD_AES and the Argon2 bits the CPU supports, randomx.h) and is then forced on or off here.
 *
 * @param jit RANDOMX_FLAG_JIT: compile programs to machine code (about 10x faster than the interpreter)
 * @param hardAes RANDOMX_FLAG_HARD_AES: AES-NI
 * @param secureJit RANDOMX_FLAG_SECURE: W^X JIT pages, slower; needed where the OS forbids writable+executable
 */
public record FlagPolicy(FlagSetting jit, FlagSetting hardAes, FlagSetting secureJit) {

    /** Everything as randomx_get_flags recommends. */
    public static final FlagPolicy AUTO = new FlagPolicy(FlagSetting.AUTO, FlagSetting.AUTO, FlagSetting.AUTO);

    /** Checks that no setting is null. */
    public FlagPolicy {
        Objects.requireNonNull(jit, "jit");
        Objects.requireNonNull(hardAes, "hardAes");
        Objects.requireNonNull(secureJit, "secureJit");
    }

    /**
     * The VM flags for a machine whose library recommends {@code recommended}.
     *
     * @param fullMem fast mode
     * @param largePages huge pages are to be tried
     */
    public int resolve(int recommended, boolean fullMem, boolean largePages) {
        int flags = recommended & ~(RandomXFlags.FULL_MEM | RandomXFlags.LARGE_PAGES);
        flags = jit.apply(flags, RandomXFlags.JIT);
        flags = hardAes.apply(flags, RandomXFlags.HARD_AES);
        flags = secureJit.apply(flags, RandomXFlags.SECURE);
        if ((flags & RandomXFlags.JIT) == 0) {
            flags &= ~RandomXFlags.SECURE; // SECURE only has a meaning combined with JIT (randomx.h)
        }
        if (fullMem) {
            flags |= RandomXFlags.FULL_MEM;
        }
        if (largePages) {
            flags |= RandomXFlags.LARGE_PAGES;
        }
        return flags;
    }
}
