package io.quarry.randomx.hashing;

/** Progress of a dataset initialisation, reported as it crosses each percent. */
@FunctionalInterface
public interface DatasetProgress {

    /**
     * Called from an initialising thread, never concurrently, with strictly increasing {@code percent}.
     *
     * @param percent 1..100
     * @param elapsedMillis since initialisation began
     */
    void update(int percent, long elapsedMillis);
}
