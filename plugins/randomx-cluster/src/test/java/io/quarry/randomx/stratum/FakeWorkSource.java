package io.quarry.randomx.stratum;

import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.SubmitResult;
import io.quarry.randomx.job.WorkSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * An upstream the test feeds by hand. By default it splits work by nonce byte like a pool; in reserved-area mode
 * it writes the worker index into the blob (past the nonce) like monerod's reserved area does to the tree root.
 */
final class FakeWorkSource implements WorkSource {

    final LinkedBlockingQueue<Share> submitted = new LinkedBlockingQueue<>();
    private final List<Consumer<MoneroJob>> listeners = new CopyOnWriteArrayList<>();
    private final boolean reservedArea;
    private volatile MoneroJob current;

    FakeWorkSource(boolean reservedArea) {
        this.reservedArea = reservedArea;
    }

    void push(MoneroJob job) {
        current = job;
        listeners.forEach(l -> l.accept(job));
    }

    @Override
    public String describe() {
        return "fake";
    }

    @Override
    public void onJob(Consumer<MoneroJob> listener) {
        listeners.add(listener);
        if (current != null) {
            listener.accept(current);
        }
    }

    @Override
    public Optional<MoneroJob> currentJob() {
        return Optional.ofNullable(current);
    }

    @Override
    public CompletableFuture<SubmitResult> submit(Share share) {
        submitted.add(share);
        return CompletableFuture.completedFuture(SubmitResult.accepted("OK"));
    }

    @Override
    public MoneroJob forWorker(MoneroJob job, int worker) {
        if (!reservedArea) {
            return WorkSource.super.forWorker(job, worker);
        }
        byte[] blob = job.blob();
        blob[50] = (byte) worker;
        blob[51] = (byte) (worker >>> 8);
        return new MoneroJob(job.jobId(), blob, job.target(), job.seedHash(), job.height(), job.algo(), worker, false);
    }

    @Override
    public int maxWorkers() {
        return reservedArea ? 1 << 16 : 256;
    }

    @Override
    public void start() {
    }

    @Override
    public void close() {
    }
}
