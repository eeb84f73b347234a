package io.quarry.poies.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.miner.HashrateMeter;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.TestTemplates;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CpuDeviceTest {

    @Test
    void threadsScanDisjointStripesThatCoverTheRange() throws Exception {
        HeaderTemplate template = TestTemplates.template();
        Map<Long, Integer> seen = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger doneCalls = new AtomicInteger();
        ScanListener listener = new ScanListener() {
            @Override
            public void onCandidate(Candidate candidate) {
                seen.merge(candidate.nonce(), 1, Integer::sum);
            }

            @Override
            public void onRangeDone(ScanJob job) {
                doneCalls.incrementAndGet();
                done.countDown();
            }
        };
        try (CpuDevice device = new CpuDevice(3, listener, new HashrateMeter())) {
            // target 0: every nonce is a candidate; the range wraps past 2^64 - 1
            device.scan(new ScanJob(template, 0, -1000, 5000));
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).hasSize(5000);
            assertThat(seen.values()).allMatch(count -> count == 1);
            for (long i = 0; i < 5000; i++) {
                assertThat(seen).containsKey(-1000 + i);
            }
            Thread.sleep(50);
            assertThat(doneCalls).hasValue(1);
            assertThat(device.hashes()).isEqualTo(5000);
            assertThat(device.hashrate().total()).isEqualTo(5000);
        }
    }

    @Test
    void candidatesAreExactlyTheReferenceSharesAtOrAboveTheTarget() throws Exception {
        HeaderTemplate template = TestTemplates.template();
        long target = 3_000_000; // about one nonce in 20
        List<Candidate> found = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (CpuDevice device = new CpuDevice(2, listener(found::add, done), new HashrateMeter())) {
            device.scan(new ScanJob(template, target, 77, 4000));
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
        Set<Long> expected = new java.util.HashSet<>();
        for (long nonce = 77; nonce < 77 + 4000; nonce++) {
            HashShare share = UDraw.share(template, nonce);
            if (UDraw.hMicro(share.u()) >= target) {
                expected.add(nonce);
            }
        }
        assertThat(expected).hasSizeBetween(120, 300);
        assertThat(found).extracting(Candidate::nonce).containsExactlyInAnyOrderElementsOf(expected);
        for (Candidate candidate : found) {
            assertThat(candidate.toHashShare()).isEqualTo(UDraw.share(template, candidate.nonce()));
            assertThat(candidate.hMicro()).isGreaterThanOrEqualTo(target);
        }
    }

    @Test
    void aNewTemplateCancelsTheOldOne() throws Exception {
        HeaderTemplate first = TestTemplates.template("tpl-first", List.of());
        HeaderTemplate second = TestTemplates.template("tpl-second", List.of());
        List<Candidate> found = new CopyOnWriteArrayList<>();
        try (CpuDevice device = new CpuDevice(2, found::add, new HashrateMeter())) {
            device.scan(ScanJob.unbounded(first, 0, 0));
            waitFor(() -> found.size() > 100);
            device.scan(ScanJob.unbounded(second, 0, 0));
            // Worker i scans nonces i, i + 2, ...: once both parities came from the second template, both
            // workers have switched, and a worker never goes back to an older job.
            waitFor(() -> found.stream().filter(c -> c.job().template() == second)
                    .map(c -> c.nonce() % 2).distinct().count() == 2);
            long firstCount = found.stream().filter(c -> c.job().template() == first).count();
            Thread.sleep(200);
            assertThat(found.stream().filter(c -> c.job().template() == first).count()).isEqualTo(firstCount);

            device.pause();
            waitFor(() -> device.idleWorkers() == 2);
            long paused = device.hashes();
            Thread.sleep(200);
            assertThat(device.hashes()).isEqualTo(paused);
            assertThat(paused).isPositive();
        }
    }

    @Test
    void closeIsFinalAndHarmlessToRepeat() {
        CpuDevice device = new CpuDevice(1, c -> { }, new HashrateMeter());
        device.scan(ScanJob.unbounded(TestTemplates.template(), UDraw.MAX_H_MICRO, 0));
        device.close();
        device.close();
        assertThatThrownBy(() -> device.scan(ScanJob.unbounded(TestTemplates.template(), 0, 0)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(device.name()).isEqualTo("cpu");
        assertThat(device.workers()).isEqualTo(1);
    }

    @Test
    void aFailingListenerDoesNotStopTheScan() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (CpuDevice device = new CpuDevice(1, listener(c -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }, done), new HashrateMeter())) {
            device.scan(new ScanJob(TestTemplates.template(), 0, 0, 50));
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(calls).hasValue(50);
    }

    @Test
    void runsOnAGivenExecutorAndReleasesItOnClose() throws Exception {
        java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor)
                java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<Candidate> found = new CopyOnWriteArrayList<>();
            CpuDevice device = new CpuDevice(2, found::add, new HashrateMeter(), pool);
            device.scan(ScanJob.unbounded(TestTemplates.template(), 0, 0));
            waitFor(() -> found.size() > 10 && pool.getActiveCount() == 2);
            device.close();
            waitFor(() -> pool.getActiveCount() == 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void checksArguments() {
        assertThatThrownBy(() -> new CpuDevice(0, c -> { }, new HashrateMeter()))
                .isInstanceOf(IllegalArgumentException.class);
        HeaderTemplate template = TestTemplates.template();
        assertThatThrownBy(() -> new ScanJob(template, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScanJob(template, UDraw.MAX_H_MICRO + 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScanJob(template, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ScanListener listener(java.util.function.Consumer<Candidate> onCandidate, CountDownLatch done) {
        return new ScanListener() {
            @Override
            public void onCandidate(Candidate candidate) {
                onCandidate.accept(candidate);
            }

            @Override
            public void onRangeDone(ScanJob job) {
                done.countDown();
            }
        };
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(5);
        }
    }
}
