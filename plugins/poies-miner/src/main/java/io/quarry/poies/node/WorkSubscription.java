package io.quarry.poies.node;

/**
 * A listener registered with {@link PoiesNode#onWork} (or a Stratum backend's {@code onWork}); closing it stops
 * the calls. Closing never fails and is harmless to repeat.
 */
@FunctionalInterface
public interface WorkSubscription extends AutoCloseable {

    /** Stops calling the listener. */
    @Override
    void close();
}
