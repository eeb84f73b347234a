package io.quarry.subnet.crypto;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A decoded sr25519 public key as {@link PublicKeys} remembers it: the point (an {@link Edwards25519} extended
 * point, never modified), and from its second use on (a key that repeats, a validator's) a
 * {@link FixedBaseTable} of its negation, while the number of tables stays under the given limit.
 */
final class KnownKey {

    private final long[] point;
    private final AtomicInteger uses = new AtomicInteger();
    private volatile FixedBaseTable negatedTable;

    KnownKey(long[] point) {
        this.point = point;
    }

    long[] point() {
        return point;
    }

    /** The table of {@code -point}, or null while there is none (first use, or the table limit reached). */
    FixedBaseTable negatedTable() {
        return negatedTable;
    }

    /** Counts a use; on the second one builds the table when {@code tables} allows another one. */
    void used(AtomicInteger tables, int tableLimit) {
        if (uses.incrementAndGet() == 2 && tables.incrementAndGet() <= tableLimit) {
            negatedTable = VerifyEquation.negatedTable(point);
        }
    }
}
