package io.quarry.api.exec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Named executors owned by the kernel. Threads carry the plugin id and the given name, so thread dumps say
 * who owns what; the kernel shuts every executor of a plugin down after its {@code stop}.
 */
public interface TaskExecutors {

    /** An executor running each task on a new virtual thread: the place for blocking work. */
    ExecutorService virtual(String name);

    /** A pool of {@code threads} platform threads for CPU-bound work (hashing), at the given priority. */
    ExecutorService platform(String name, int threads);

    /** A single-threaded scheduler for timers; tasks must be short or hand off to another executor. */
    ScheduledExecutorService scheduler(String name);
}
