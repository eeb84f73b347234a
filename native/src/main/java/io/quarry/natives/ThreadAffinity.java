package io.quarry.natives;

/**
 * Pins the calling thread to one CPU, best effort. Java offers no affinity API, but on Linux each platform
 * thread is one kernel thread, so {@code sched_setaffinity(0, ...)} from inside the thread pins exactly that
 * thread (as {@code taskset -p} would). Virtual threads must not be pinned: their carrier changes. Elsewhere
 * (macOS has no such call, Windows is not wired) this reports false and the scheduler decides.
 */
public final class ThreadAffinity {

    /** Bits in glibc's {@code cpu_set_t} (CPU_SETSIZE). */
    private static final int CPU_SETSIZE = 1024;

    private ThreadAffinity() {
    }

    /** Whether pinning can work on this platform. */
    public static boolean supported() {
        return LibC.Sched.AVAILABLE;
    }

    /**
     * Pins the calling thread to {@code cpu}.
     *
     * @return true if the kernel accepted the mask; false if unsupported, out of range or refused (e.g. the
     *     CPU is outside the process's cgroup cpuset)
     */
    public static boolean pinCurrentThread(int cpu) {
        if (!supported() || cpu < 0 || cpu >= CPU_SETSIZE) {
            return false;
        }
        byte[] mask = new byte[CPU_SETSIZE / 8];
        mask[cpu / 8] = (byte) (1 << (cpu % 8));
        return LibC.Sched.sched_setaffinity(0, mask.length, mask) == 0;
    }
}
