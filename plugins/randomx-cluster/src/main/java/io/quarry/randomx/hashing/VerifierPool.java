package io.quarry.randomx.hashing;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A bounded set of VMs for verification ({@link RandomXEngine#hash}): a VM serves one caller at a time, created on
 * first need, and callers beyond the bound wait. The engine holds its read lock around every use.
 */
final class VerifierPool {

    private final Semaphore permits;
    private final ArrayBlockingQueue<VmHandle> idle;

    VerifierPool(int size) {
        this.permits = new Semaphore(size);
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /** Runs {@code work} on an idle VM (made by {@code create}, or an old one passed through {@code sync}). */
    <T> T use(Supplier<VmHandle> create, Function<VmHandle, VmHandle> sync, Function<VmHandle, T> work) {
        permits.acquireUninterruptibly();
        VmHandle vm = idle.poll();
        try {
            vm = vm == null ? create.get() : sync.apply(vm);
            return work.apply(vm);
        } finally {
            if (vm != null) {
                idle.add(vm);
            }
            permits.release();
        }
    }

    /** Destroys the idle VMs (at engine close, when no one uses them). */
    void destroyAll(Consumer<VmHandle> destroy) {
        idle.forEach(destroy);
        idle.clear();
    }
}
