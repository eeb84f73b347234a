package io.quarry.randomx.hashing;

import io.quarry.natives.FloatingPoint;
import io.quarry.natives.RandomX;
import io.quarry.natives.ThreadAffinity;
import io.quarry.randomx.job.Share;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One miner thread: owns one VM for its whole life, scans nonces {@code start + index + k * step} of the current
 * job in batches (randomx_calculate_hash_first, then _next per nonce, which returns the previous nonce's hash
 * while starting the next, and _last when the batch ends), and ends a batch as soon as the job changes, a re-key
 * is waiting or the miners close.
 */
final class MinerThread implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MinerThread.class);
    /** How long to wait for the key lock before checking for close again (a dataset rebuild takes seconds). */
    private static final long LOCK_POLL_MILLIS = 100;

    private final MinerThreads owner;
    private final RandomXEngine engine;
    private final int index;
    private final int step;
    private final OptionalInt cpu;
    private VmHandle vm;
    private long slotVersion = -1;
    private long loadedVersion = -1;
    private long next;

    MinerThread(MinerThreads owner, RandomXEngine engine, int index, int step, OptionalInt cpu) {
        this.owner = owner;
        this.engine = engine;
        this.index = index;
        this.step = step;
        this.cpu = cpu;
    }

    @Override
    public void run() {
        cpu.ifPresent(this::pin);
        try {
            while (!owner.closed()) {
                MinerThreads.Slot slot = owner.slot();
                if (slot.job() == null || !engine.isSeed(slot.seed())) {
                    owner.await(slot);
                    continue;
                }
                if (slot.version() != slotVersion) {
                    slotVersion = slot.version();
                    next = slot.range().start() + index;
                }
                if (next >= slot.range().end()) {
                    owner.await(slot); // this thread's share of the range is done
                    continue;
                }
                Lock read = engine.readLock();
                if (!read.tryLock(LOCK_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                try {
                    if (engine.isSeed(slot.seed())) {
                        prepare(slot);
                        next = scan(slot);
                    }
                } finally {
                    read.unlock();
                    FloatingPoint.restoreDefaultRounding();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("RandomX miner thread {} stopped", index, e);
        } finally {
            if (vm != null) {
                engine.destroy(vm);
            }
        }
    }

    /** Creates or re-points the VM and loads the job's blob once per job. */
    private void prepare(MinerThreads.Slot slot) {
        if (vm == null) {
            vm = engine.newVm();
            loadedVersion = -1;
        } else {
            engine.sync(vm);
        }
        if (loadedVersion != slot.version()) {
            vm.load(slot.blob());
            loadedVersion = slot.version();
        }
    }

    /** Hashes from {@link #next} until the batch must end; returns the first nonce not yet hashed. */
    private long scan(MinerThreads.Slot slot) {
        RandomX rx = engine.library();
        long end = slot.range().end();
        long target = slot.job().target();
        long current = next;
        vm.putNonce(current);
        rx.calculateHashFirst(vm.vm, vm.input(), vm.inputLength());
        while (true) {
            long following = current + step;
            boolean last = following >= end || owner.slot() != slot || engine.rekeyPending() || owner.closed();
            if (last) {
                rx.calculateHashLast(vm.vm, vm.output);
            } else {
                // hash_next has hashed its input by the time it returns, so one buffer serves both nonces.
                vm.putNonce(following);
                rx.calculateHashNext(vm.vm, vm.input(), vm.inputLength(), vm.output);
            }
            owner.counted();
            if (Long.compareUnsigned(vm.outputValue(), target) < 0) {
                byte[] hash = vm.outputBytes();
                FloatingPoint.restoreDefaultRounding(); // the listener is ordinary Java code
                owner.found(new Share(slot.job(), (int) current, hash));
            }
            if (last) {
                return following;
            }
            current = following;
        }
    }

    private void pin(int target) {
        if (ThreadAffinity.pinCurrentThread(target)) {
            LOG.debug("Miner thread {} pinned to CPU {}", index, target);
        } else {
            LOG.info("Miner thread {} could not be pinned to CPU {}; the OS scheduler places it", index, target);
        }
    }
}
