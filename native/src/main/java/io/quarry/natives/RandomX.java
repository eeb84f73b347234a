package io.quarry.natives;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * librandomx, loaded once per JVM. Methods mirror {@code randomx.h} one to one; pointers the header says
 * "Must not be NULL" are checked here, because a null reaching the library would crash the JVM instead of
 * throwing. Nothing here is thread-safe beyond what the C API promises: a VM is used by one thread at a time,
 * and a cache or dataset must not be re-initialised while a VM reads it.
 *
 * <p>Debian's {@code librandomx0} ships only the versioned {@code librandomx.so.0} (the unversioned name comes
 * with {@code librandomx-dev}), so that is the name loaded: the copy quarry.jar carries (from that package, see
 * {@link NativeLoader}) first, then the system's. The system property {@value #LIBRARY_PROPERTY} may name
 * another file, e.g. a self-built library.
 */
public final class RandomX {

    private static final Logger LOG = LoggerFactory.getLogger(RandomX.class);

    /** The shared object loaded by default. */
    public static final String LIBRARY = "librandomx.so.0";
    /** The Debian/Ubuntu package that provides {@link #LIBRARY}. */
    public static final String PACKAGE = "librandomx0";
    /** System property naming another library file or path to load instead of {@link #LIBRARY}. */
    public static final String LIBRARY_PROPERTY = "quarry.randomx.library";
    /** {@code RANDOMX_HASH_SIZE}: bytes in a hash. */
    public static final int HASH_SIZE = 32;
    /** {@code RANDOMX_DATASET_ITEM_SIZE}: bytes in a dataset item. */
    public static final int DATASET_ITEM_SIZE = 64;

    private static RandomX instance;
    private static boolean registered;

    private final String libraryName;
    private final String origin;

    private RandomX(String libraryName, String origin) {
        this.libraryName = libraryName;
        this.origin = origin;
    }

    /** Where the library came from: {@code bundled} (quarry.jar's copy), {@code system} or {@code override}. */
    public String origin() {
        return origin;
    }

    /**
     * The loaded library, loading it on first use.
     *
     * @throws NativeLibraryMissingException if it cannot be loaded; the message says what to install
     */
    public static synchronized RandomX load() {
        if (instance == null) {
            checkPlatform();
            // The copy quarry.jar carries first, then the system's (or the -D override's file).
            NativeLoader.Loaded loaded = NativeLoader.load(LIBRARY, PACKAGE, LIBRARY_PROPERTY);
            instance = bind(loaded.library(), LIBRARY, loaded.origin());
        }
        return instance;
    }

    /** Loads {@code libraryName}; package-private so tests can ask for a library that does not exist. */
    static synchronized RandomX load(String libraryName) {
        checkPlatform();
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance(libraryName);
        } catch (UnsatisfiedLinkError e) {
            throw new NativeLibraryMissingException(libraryName + " could not be loaded: install the package "
                    + PACKAGE + " (apt-get install " + PACKAGE + "), or set -D" + LIBRARY_PROPERTY
                    + "=/path/to/librandomx.so (" + e.getMessage() + ")", e);
        }
        return bind(library, libraryName, "system");
    }

    private static void checkPlatform() {
        if (Native.SIZE_T_SIZE != 8) {
            // size_t is mapped to long in RandomXFunctions.
            throw new NativeLibraryMissingException("RandomX needs a 64-bit JVM; this one has a "
                    + Native.SIZE_T_SIZE * 8 + "-bit size_t", null);
        }
    }

    private static RandomX bind(NativeLibrary library, String libraryName, String origin) {
        if (!registered) {
            try {
                Native.register(RandomXFunctions.class, library);
            } catch (UnsatisfiedLinkError e) {
                // randomx_calculate_hash_first/next/last arrived after RandomX 1.0.
                throw new NativeLibraryMissingException(library.getFile() + " lacks a RandomX function Quarry "
                        + "uses: install a current " + PACKAGE + " (1.1.10 is tested) (" + e.getMessage() + ")", e);
            }
            registered = true;
            LOG.info("Loaded RandomX ({} {}) (recommended flags {})", origin, library.getFile(),
                    RandomXFlags.describe(RandomXFunctions.randomx_get_flags()));
        }
        return new RandomX(libraryName, origin);
    }

    /** The name this instance was loaded by. */
    public String libraryName() {
        return libraryName;
    }

    /** {@code randomx_get_flags}: JIT, HARD_AES and ARGON2 bits the machine supports; never LARGE_PAGES, FULL_MEM or SECURE. */
    public int recommendedFlags() {
        return RandomXFunctions.randomx_get_flags();
    }

    /** {@code randomx_alloc_cache}; null when allocation fails or the flags are unsupported. */
    public Pointer allocCache(int flags) {
        return RandomXFunctions.randomx_alloc_cache(flags);
    }

    /** {@code randomx_init_cache}: Argon2 fill and SuperscalarHash programs for {@code key}. */
    public void initCache(Pointer cache, byte[] key) {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(key, "key");
        RandomXFunctions.randomx_init_cache(cache, key, key.length);
    }

    /** {@code randomx_release_cache}. */
    public void releaseCache(Pointer cache) {
        RandomXFunctions.randomx_release_cache(Objects.requireNonNull(cache, "cache"));
    }

    /** {@code randomx_alloc_dataset} (only LARGE_PAGES matters); null when allocation fails. */
    public Pointer allocDataset(int flags) {
        return RandomXFunctions.randomx_alloc_dataset(flags);
    }

    /** {@code randomx_dataset_item_count}: items to initialise, in non-overlapping ranges, before use. */
    public long datasetItemCount() {
        return RandomXFunctions.randomx_dataset_item_count().longValue();
    }

    /** {@code randomx_init_dataset} for items {@code [startItem, startItem + itemCount)}. */
    public void initDataset(Pointer dataset, Pointer cache, long startItem, long itemCount) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(cache, "cache");
        RandomXFunctions.randomx_init_dataset(dataset, cache, new NativeLong(startItem), new NativeLong(itemCount));
    }

    /** {@code randomx_release_dataset}. */
    public void releaseDataset(Pointer dataset) {
        RandomXFunctions.randomx_release_dataset(Objects.requireNonNull(dataset, "dataset"));
    }

    /**
     * {@code randomx_create_vm}; null if the scratchpad cannot be allocated or the flags are unsupported.
     * {@code cache} may be null with FULL_MEM, {@code dataset} may be null without it.
     */
    public Pointer createVm(int flags, Pointer cache, Pointer dataset) {
        if ((flags & RandomXFlags.FULL_MEM) != 0 ? dataset == null : cache == null) {
            throw new IllegalArgumentException("flags " + RandomXFlags.describe(flags)
                    + " need " + ((flags & RandomXFlags.FULL_MEM) != 0 ? "a dataset" : "a cache"));
        }
        return RandomXFunctions.randomx_create_vm(flags, cache, dataset);
    }

    /** {@code randomx_vm_set_cache}: must follow every re-key of the cache a light-mode VM uses. */
    public void vmSetCache(Pointer machine, Pointer cache) {
        RandomXFunctions.randomx_vm_set_cache(Objects.requireNonNull(machine, "machine"), Objects.requireNonNull(cache, "cache"));
    }

    /** {@code randomx_vm_set_dataset} for a FULL_MEM VM. */
    public void vmSetDataset(Pointer machine, Pointer dataset) {
        RandomXFunctions.randomx_vm_set_dataset(Objects.requireNonNull(machine, "machine"), Objects.requireNonNull(dataset, "dataset"));
    }

    /** {@code randomx_destroy_vm}. */
    public void destroyVm(Pointer machine) {
        RandomXFunctions.randomx_destroy_vm(Objects.requireNonNull(machine, "machine"));
    }

    /** {@code randomx_calculate_hash}: {@link #HASH_SIZE} bytes to {@code output}; keeps the thread's FP state. */
    public void calculateHash(Pointer machine, Pointer input, long inputSize, Pointer output) {
        RandomXFunctions.randomx_calculate_hash(Objects.requireNonNull(machine, "machine"),
                Objects.requireNonNull(input, "input"), inputSize, Objects.requireNonNull(output, "output"));
    }

    /** {@link #calculateHash(Pointer, Pointer, long, Pointer)} for a Java array (copies in and out). */
    public byte[] calculateHash(Pointer machine, byte[] input) {
        try (Memory in = new Memory(Math.max(1, input.length)); Memory out = new Memory(HASH_SIZE)) {
            in.write(0, input, 0, input.length);
            calculateHash(machine, in, input.length, out);
            return out.getByteArray(0, HASH_SIZE);
        }
    }

    /**
     * {@code randomx_calculate_hash_first}: starts a batch. The batch functions may leave the calling thread's
     * floating-point rounding mode changed (randomx.h); see {@link FloatingPoint#restoreDefaultRounding()}.
     */
    public void calculateHashFirst(Pointer machine, Pointer input, long inputSize) {
        RandomXFunctions.randomx_calculate_hash_first(Objects.requireNonNull(machine, "machine"),
                Objects.requireNonNull(input, "input"), inputSize);
    }

    /** {@code randomx_calculate_hash_next}: writes the previous input's hash, starts {@code nextInput}. */
    public void calculateHashNext(Pointer machine, Pointer nextInput, long nextInputSize, Pointer output) {
        RandomXFunctions.randomx_calculate_hash_next(Objects.requireNonNull(machine, "machine"),
                Objects.requireNonNull(nextInput, "nextInput"), nextInputSize, Objects.requireNonNull(output, "output"));
    }

    /** {@code randomx_calculate_hash_last}: writes the last input's hash and ends the batch. */
    public void calculateHashLast(Pointer machine, Pointer output) {
        RandomXFunctions.randomx_calculate_hash_last(Objects.requireNonNull(machine, "machine"),
                Objects.requireNonNull(output, "output"));
    }
}
