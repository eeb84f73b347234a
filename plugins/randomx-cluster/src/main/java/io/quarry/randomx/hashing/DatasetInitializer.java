package io.quarry.randomx.hashing;

import com.sun.jna.Pointer;
import io.quarry.natives.RandomX;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills the dataset from the cache on several threads. randomx.h: every item in
 * {@code [0, randomx_dataset_item_count())} must be initialised, which "may be done by several calls to this
 * function using non-overlapping item sequences"; each thread takes one contiguous share and works through it in
 * chunks of about 1 % of its share so progress can be reported.
 */
final class DatasetInitializer {

    private DatasetInitializer() {
    }

    /** Initialises the whole dataset and returns the time taken in milliseconds. */
    static long initialize(RandomX rx, Pointer dataset, Pointer cache, int threads, ThreadFactory factory,
                           DatasetProgress progress) {
        long items = rx.datasetItemCount();
        long start = System.nanoTime();
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] reported = {0};
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            long from = items * i / threads;
            long to = items * (i + 1) / threads;
            long chunk = Math.max(1, (to - from) / 100);
            workers[i] = factory.newThread(() -> {
                try {
                    for (long at = from; at < to; at += chunk) {
                        long count = Math.min(chunk, to - at);
                        rx.initDataset(dataset, cache, at, count);
                        report(done.addAndGet(count) * 100 / items, reported, start, progress);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers[i].start();
        }
        joinAll(workers);
        if (failure.get() != null) {
            throw new RandomXException("RandomX dataset initialisation failed: " + failure.get(), failure.get());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void report(long percent, int[] reported, long start, DatasetProgress progress) {
        synchronized (reported) {
            while (reported[0] < percent) {
                reported[0]++;
                progress.update(reported[0], (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    /** Waits for every worker even when interrupted: native initialisation cannot be cancelled. */
    private static void joinAll(Thread[] workers) {
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (true) {
                try {
                    worker.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
