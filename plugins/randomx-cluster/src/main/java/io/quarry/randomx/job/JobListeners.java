package io.quarry.randomx.job;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WorkSource#onJob} side every work source shares: listeners added late get the current job at
 * once, and one failing listener never keeps a job from the others.
 */
public final class JobListeners {

    private static final Logger LOG = LoggerFactory.getLogger(JobListeners.class);

    private final List<Consumer<MoneroJob>> listeners = new CopyOnWriteArrayList<>();

    /** Adds {@code listener} and hands it {@code current} right away when there is one (null: none yet). */
    public void add(Consumer<MoneroJob> listener, MoneroJob current) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        if (current != null) {
            deliver(listener, current);
        }
    }

    /** Hands {@code job} to every listener. */
    public void publish(MoneroJob job) {
        for (Consumer<MoneroJob> listener : listeners) {
            deliver(listener, job);
        }
    }

    private static void deliver(Consumer<MoneroJob> listener, MoneroJob job) {
        try {
            listener.accept(job);
        } catch (RuntimeException e) {
            LOG.error("A job listener failed on job {}", job.jobId(), e);
        }
    }
}
