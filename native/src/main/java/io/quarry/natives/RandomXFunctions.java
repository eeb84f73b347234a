package io.quarry.natives;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * librandomx's C API as JNA direct-mapped natives (direct mapping costs far less per call than interface
 * mapping, which matters in the mining loop). Signatures follow {@code randomx.h}: opaque structs are
 * {@link Pointer}s, {@code randomx_flags} is an {@code int}, {@code unsigned long} is {@link NativeLong} and
 * {@code size_t} is {@code long} ({@link RandomX#load} refuses platforms where size_t is not 64-bit).
 *
 * <p>Bound by {@link RandomX#load}; calling a method before that fails with {@link UnsatisfiedLinkError},
 * which is why only {@link RandomX} may use this class.
 */
final class RandomXFunctions {

    private RandomXFunctions() {
    }

    static native int randomx_get_flags();

    static native Pointer randomx_alloc_cache(int flags);

    static native void randomx_init_cache(Pointer cache, byte[] key, long keySize);

    static native void randomx_release_cache(Pointer cache);

    static native Pointer randomx_alloc_dataset(int flags);

    static native NativeLong randomx_dataset_item_count();

    static native void randomx_init_dataset(Pointer dataset, Pointer cache, NativeLong startItem, NativeLong itemCount);

    static native void randomx_release_dataset(Pointer dataset);

    static native Pointer randomx_create_vm(int flags, Pointer cache, Pointer dataset);

    static native void randomx_vm_set_cache(Pointer machine, Pointer cache);

    static native void randomx_vm_set_dataset(Pointer machine, Pointer dataset);

    static native void randomx_destroy_vm(Pointer machine);

    static native void randomx_calculate_hash(Pointer machine, Pointer input, long inputSize, Pointer output);

    static native void randomx_calculate_hash_first(Pointer machine, Pointer input, long inputSize);

    static native void randomx_calculate_hash_next(Pointer machine, Pointer nextInput, long nextInputSize, Pointer output);

    static native void randomx_calculate_hash_last(Pointer machine, Pointer output);
}
