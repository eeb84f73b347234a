package io.quarry.natives;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few C library calls Quarry needs, direct-mapped: {@code sched_setaffinity(2)} (Linux) and
 * {@code fesetround(3)} (C99 {@code <fenv.h>}, in glibc's libm). Each group binds on
 * first use; a platform without it reports unavailable instead of failing, since both uses are best effort.
 */
final class LibC {

    private static final Logger LOG = LoggerFactory.getLogger(LibC.class);

    private LibC() {
    }

    /** sched_setaffinity(2): pid 0 is the calling thread; the mask is a cpu_set_t. */
    static final class Sched {
        static final boolean AVAILABLE = bind(Sched.class, Platform.C_LIBRARY_NAME, Platform.isLinux());

        private Sched() {
        }

        static native int sched_setaffinity(int pid, long cpusetsize, byte[] mask);
    }

    /**
     * fenv.h rounding-mode control. glibc's x86-64 fesetround sets both the x87 control word and MXCSR (the
     * SSE register Java arithmetic and RandomX's JIT use); its fegetround reads only the x87 word, so it is not
     * bound: {@link FloatingPoint#roundsToNearest()} tests the mode through Java arithmetic instead.
     */
    static final class Fenv {
        static final boolean AVAILABLE = bind(Fenv.class, Platform.MATH_LIBRARY_NAME, !Platform.isWindows());

        private Fenv() {
        }

        static native int fesetround(int mode);
    }

    private static boolean bind(Class<?> functions, String library, boolean supported) {
        if (!supported) {
            return false;
        }
        try {
            Native.register(functions, NativeLibrary.getInstance(library));
            return true;
        } catch (UnsatisfiedLinkError e) {
            LOG.warn("{} not available from {}: {}", functions.getSimpleName(), library, e.getMessage());
            return false;
        }
    }
}
