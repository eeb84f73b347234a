package io.quarry.poies.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.miner.HashrateMeter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a bounded job on a {@link CpuDevice} to its end and collects what it reported. */
final class DeviceRuns {

    private DeviceRuns() {
    }

    /** The nonces of every candidate of {@code job}, scanned by {@code threads} threads on {@code kernel}. */
    static Set<Long> candidates(ScanJob job, int threads, ScanKernel kernel) throws InterruptedException {
        List<Candidate> found = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        ScanListener listener = new ScanListener() {
            @Override
            public void onCandidate(Candidate candidate) {
                found.add(candidate);
            }

            @Override
            public void onRangeDone(ScanJob finished) {
                done.countDown();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (CpuDevice device = new CpuDevice(threads, listener, new HashrateMeter(), pool, kernel)) {
            device.scan(job);
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(device.hashes()).isEqualTo(job.nonceCount());
            assertThat(device.lanes()).isEqualTo(kernel.lanes());
        } finally {
            pool.shutdownNow();
        }
        Set<Long> nonces = new TreeSet<>(Long::compareUnsigned);
        for (Candidate candidate : found) {
            assertThat(candidate.toHashShare()).isEqualTo(UDraw.share(job.template(), candidate.nonce()));
            assertThat(nonces.add(candidate.nonce())).as("nonce %d reported once", candidate.nonce()).isTrue();
        }
        return nonces;
    }
}
