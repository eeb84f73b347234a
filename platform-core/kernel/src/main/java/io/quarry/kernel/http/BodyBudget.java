package io.quarry.kernel.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request body bytes every connection of one server together may hold while bodies arrive
 * ({@code http.max_buffered_body_bytes}). Without it, many slow uploads just under the body limit pin the
 * heap between them even though each one is within its own limit.
 */
final class BodyBudget {

    private final long max;
    private final AtomicLong used = new AtomicLong();

    BodyBudget(long max) {
        this.max = max;
    }

    /** Takes {@code bytes} from the budget, or returns false (taking nothing) when that would exceed it. */
    boolean tryTake(long bytes) {
        long now = used.addAndGet(bytes);
        if (now > max) {
            used.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Gives back bytes {@link #tryTake} took. */
    void giveBack(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes taken now. */
    long used() {
        return used.get();
    }
}
