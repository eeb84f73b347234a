package io.quarry.randomx.hashing;

import com.sun.jna.Pointer;
import io.quarry.natives.FloatingPoint;
import io.quarry.natives.RandomX;
import io.quarry.natives.RandomXFlags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RandomX on this node: one cache, in fast mode one dataset, the VMs that use them, and the current key.
 *
 * <p>Re-keying ({@link #setSeed}) builds the new cache beside the old one while hashing goes on, then stops
 * hashing only to swap it in (light) or to rebuild the dataset from it on all threads (fast). Every VM notices
 * the new key generation before its next hash and is pointed at the new cache with {@code randomx_vm_set_cache}
 * or at the dataset with {@code randomx_vm_set_dataset}: a light VM keeps SuperscalarHash code compiled from
 * the old cache, so skipping that gives wrong hashes without any error (randomx.h: "This function should be
 * called anytime the Cache is reinitialized with a new key").
 *
 * <p>Hashing holds a read lock, re-keying the write lock; miners poll {@link #rekeyPending()} between hashes so
 * a re-key waits at most one hash per thread ({@value #BATCH_PART} for a batch of {@link #hashAllIfSeed}).
 * Thread-safe.
 */
public final class RandomXEngine implements Hasher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RandomXEngine.class);
    /** Inputs hashed under one hold of the key by {@link #hashAllIfSeed}: a re-key waits at most this many. */
    static final int BATCH_PART = 8;

    private final RandomX rx;
    private final EngineSettings settings;
    private final RandomXMode mode;
    private final int threads;
    private final int vmFlags;
    private final Allocator allocator;
    private final ReentrantReadWriteLock keyLock = new ReentrantReadWriteLock();
    private final Object rekeyMonitor = new Object();
    private final VerifierPool verifiers;
    private final List<MinerThreads> miners = new CopyOnWriteArrayList<>();
    private volatile boolean rekeyPending;
    private volatile byte[] seed;
    private volatile long generation;
    private volatile long datasetInitMillis = -1;
    private volatile boolean closed;
    private Pointer cache;
    private Pointer dataset;

    private RandomXEngine(RandomX rx, EngineSettings settings) {
        this.rx = rx;
        this.settings = settings;
        this.threads = settings.effectiveThreads();
        int vms = threads + settings.verifierVms();
        this.mode = MemoryPlan.resolve(settings.mode(), settings.ramMb(), vms, MemoryPlan.availableBytes());
        boolean fast = mode == RandomXMode.FAST;
        HugePages hugePages = HugePages.system();
        long pages = fast
                ? hugePages.pagesFor(MemoryPlan.DATASET_BYTES, MemoryPlan.CACHE_BYTES) + vms * hugePages.pagesFor(MemoryPlan.SCRATCHPAD_BYTES)
                : hugePages.pagesFor(MemoryPlan.CACHE_BYTES) + vms * hugePages.pagesFor(MemoryPlan.SCRATCHPAD_BYTES);
        boolean large = hugePages.prepare(pages, settings.hugePages());
        this.vmFlags = settings.flags().resolve(rx.recommendedFlags(), fast, false);
        this.allocator = new Allocator(rx, vmFlags, large);
        this.verifiers = new VerifierPool(settings.verifierVms());
        if (fast) {
            dataset = allocator.dataset();
        }
        LOG.info("RandomX engine: {} mode, {} threads, flags {}, huge pages {}", mode.label(), threads,
                RandomXFlags.describe(vmFlags), large ? "requested" : "off");
    }

    /**
     * Loads librandomx and allocates what the mode needs (the dataset in fast mode; nothing is initialised until
     * the first {@link #setSeed}).
     *
     * @throws io.quarry.natives.NativeLibraryMissingException without librandomx (the message names the package)
     * @throws RandomXException if memory cannot be allocated
     */
    public static RandomXEngine open(EngineSettings settings) {
        return new RandomXEngine(RandomX.load(), Objects.requireNonNull(settings, "settings"));
    }

    /** FAST or LIGHT (AUTO resolved). */
    public RandomXMode mode() {
        return mode;
    }

    /** Threads for dataset initialisation and the default number of miners. */
    public int threads() {
        return threads;
    }

    /** The VM flags in use (without LARGE_PAGES, which each allocation adds when it can). */
    public int flags() {
        return vmFlags;
    }

    /** Which allocations got huge pages, e.g. {@code "dataset=yes cache=yes vm=no"} ({@code no} before use). */
    public String largePages() {
        return allocator.summary();
    }

    /** The current key, if set. */
    public Optional<byte[]> seed() {
        byte[] current = seed;
        return current == null ? Optional.empty() : Optional.of(current.clone());
    }

    /** Whether {@code seedHash} is the current key. */
    public boolean isSeed(byte[] seedHash) {
        return Arrays.equals(seed, seedHash);
    }

    /** Time the last dataset initialisation took, or -1 (light mode, or not yet keyed). */
    public long datasetInitMillis() {
        return datasetInitMillis;
    }

    /**
     * Makes {@code seedHash} the key, blocking until done (light: the cache, about a second; fast: plus the dataset
     * on all threads). Does nothing if it already is the key. Hashing continues under the old key while the new
     * cache is built.
     */
    public void setSeed(byte[] seedHash) {
        byte[] key = Objects.requireNonNull(seedHash, "seedHash").clone();
        synchronized (rekeyMonitor) {
            ensureOpen();
            if (Arrays.equals(seed, key)) {
                return;
            }
            long start = System.nanoTime();
            Pointer fresh = allocator.cache();
            try {
                rx.initCache(fresh, key);
            } catch (RuntimeException e) {
                rx.releaseCache(fresh);
                throw e;
            }
            long cacheMillis = (System.nanoTime() - start) / 1_000_000;
            Pointer old = null;
            rekeyPending = true;
            keyLock.writeLock().lock();
            try {
                old = cache;
                cache = fresh;
                seed = null; // until the dataset matches the new cache; stays null if building it fails
                if (mode == RandomXMode.FAST) {
                    datasetInitMillis = DatasetInitializer.initialize(rx, dataset, cache, threads,
                            settings.threadFactory(), settings.progress());
                }
                seed = key;
                generation++;
            } finally {
                rekeyPending = false;
                keyLock.writeLock().unlock();
                if (old != null) {
                    rx.releaseCache(old); // light VMs still pointing at it re-point before they hash again
                }
            }
            LOG.info("RandomX key {} ready in {} ms (cache {} ms{})", HexFormat.of().formatHex(key),
                    (System.nanoTime() - start) / 1_000_000, cacheMillis,
                    mode == RandomXMode.FAST ? ", dataset " + datasetInitMillis + " ms on " + threads + " threads" : "");
        }
        miners.forEach(MinerThreads::keyChanged);
    }

    @Override
    public byte[] hash(byte[] input) {
        Objects.requireNonNull(input, "input");
        return withVerifier(null, vm -> rx.calculateHash(vm.vm, input)).orElseThrow();
    }

    @Override
    public Optional<byte[]> hashIfSeed(byte[] seedHash, byte[] input) {
        Objects.requireNonNull(seedHash, "seedHash");
        Objects.requireNonNull(input, "input");
        return withVerifier(seedHash, vm -> rx.calculateHash(vm.vm, input));
    }

    @Override
    public List<byte[]> hashAll(List<byte[]> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        return inputs.isEmpty() ? List.of() : withVerifier(null, vm -> batch(vm, inputs)).orElseThrow();
    }

    /**
     * One VM per part of {@value #BATCH_PART} inputs, which the hash-first/next/last API pipelines, and one hold of
     * the key per part: between parts a re-key or {@link #close} can take the key, so neither waits for a whole
     * request (up to hundreds of light-mode hashes, seconds). A key changed between parts ends the batch empty,
     * as a different key at the start does.
     */
    @Override
    public Optional<List<byte[]>> hashAllIfSeed(byte[] seedHash, List<byte[]> inputs) {
        Objects.requireNonNull(seedHash, "seedHash");
        Objects.requireNonNull(inputs, "inputs");
        List<byte[]> hashes = new ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += BATCH_PART) {
            List<byte[]> part = inputs.subList(from, Math.min(inputs.size(), from + BATCH_PART));
            Optional<List<byte[]>> hashed = withVerifier(seedHash, vm -> batch(vm, part));
            if (hashed.isEmpty()) {
                return Optional.empty();
            }
            hashes.addAll(hashed.get());
        }
        return Optional.of(hashes);
    }

    private List<byte[]> batch(VmHandle vm, List<byte[]> inputs) {
        List<byte[]> hashes = new ArrayList<>(inputs.size());
        try {
            vm.load(inputs.get(0));
            rx.calculateHashFirst(vm.vm, vm.input(), vm.inputLength());
            for (int i = 1; i < inputs.size(); i++) {
                vm.load(inputs.get(i)); // hash_next has read the previous input by the time it returns
                rx.calculateHashNext(vm.vm, vm.input(), vm.inputLength(), vm.output);
                hashes.add(vm.outputBytes());
            }
            rx.calculateHashLast(vm.vm, vm.output);
            hashes.add(vm.outputBytes());
        } finally {
            FloatingPoint.restoreDefaultRounding(); // the caller may be a virtual thread's carrier
        }
        return hashes;
    }

    /** Stops every {@link MinerThreads} on this engine, then frees the VMs, the dataset and the cache. */
    @Override
    public void close() {
        List<MinerThreads> running = List.copyOf(miners);
        running.forEach(MinerThreads::close);
        boolean stuck = running.stream().anyMatch(m -> !m.terminated());
        synchronized (rekeyMonitor) {
            keyLock.writeLock().lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                if (stuck) {
                    // Freeing memory a VM may still read would crash the JVM; leaking it until exit does not.
                    LOG.error("RandomX miner threads did not stop in time; leaving RandomX memory allocated");
                    return;
                }
                verifiers.destroyAll(this::destroy);
                if (dataset != null) {
                    rx.releaseDataset(dataset);
                }
                if (cache != null) {
                    rx.releaseCache(cache);
                }
                seed = null;
            } finally {
                keyLock.writeLock().unlock();
            }
        }
    }

    /** Runs {@code work} on a verification VM under the read lock; empty if {@code seedHash} is not the key. */
    private <T> Optional<T> withVerifier(byte[] seedHash, Function<VmHandle, T> work) {
        Lock read = keyLock.readLock();
        read.lock();
        try {
            ensureOpen();
            if (seed == null) {
                throw new RandomXException("RandomX has no key yet: call setSeed first");
            }
            if (seedHash != null && !Arrays.equals(seed, seedHash)) {
                return Optional.empty();
            }
            return Optional.ofNullable(verifiers.use(this::newVm, this::sync, work));
        } finally {
            read.unlock();
        }
    }

    // ---- for MinerThreads (same package) ----

    Lock readLock() {
        return keyLock.readLock();
    }

    boolean rekeyPending() {
        return rekeyPending;
    }

    RandomX library() {
        return rx;
    }

    void register(MinerThreads threadsOfMiner) {
        miners.add(threadsOfMiner);
    }

    void unregister(MinerThreads threadsOfMiner) {
        miners.remove(threadsOfMiner);
    }

    /** A new VM under the current key; the caller holds the read lock. */
    VmHandle newVm() {
        ensureOpen();
        return new VmHandle(allocator.vm(cache, mode == RandomXMode.FAST ? dataset : null), generation);
    }

    /** Points {@code vm} at the current cache or dataset if the key changed since its last use (read lock held). */
    VmHandle sync(VmHandle vm) {
        if (vm.generation != generation) {
            if (mode == RandomXMode.FAST) {
                rx.vmSetDataset(vm.vm, dataset);
            } else {
                rx.vmSetCache(vm.vm, cache);
            }
            vm.generation = generation;
        }
        return vm;
    }

    void destroy(VmHandle vm) {
        rx.destroyVm(vm.vm);
    }

    private void ensureOpen() {
        if (closed) {
            throw new RandomXException("RandomX engine is closed");
        }
    }
}
