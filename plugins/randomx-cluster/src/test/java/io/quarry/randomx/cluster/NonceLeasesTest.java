package io.quarry.randomx.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.randomx.hashing.NonceRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leases never overlap, follow the hashrate, and a leaver's range is handed out again. */
class NonceLeasesTest {

    @Test
    void leasesAreDisjointAndSizedToTheHashrate() {
        NonceLeases leases = new NonceLeases(new NonceRange(0, 1L << 24), 10);
        NonceRange fast = leases.lease("fast", 3000).orElseThrow();
        NonceRange slow = leases.lease("slow", 1000).orElseThrow();
        assertThat(fast.size()).isEqualTo(30_000);
        assertThat(slow.size()).isEqualTo(10_000);
        assertThat(fast.end()).isLessThanOrEqualTo(slow.start());
        assertThat(leases.lease("idle", 0).orElseThrow().size()).isEqualTo(NonceLeases.MIN_LEASE);
        List<NonceRange> all = new ArrayList<>(List.of(fast, slow));
        for (int i = 0; i < 100; i++) {
            all.add(leases.lease("m" + (i % 3), 100 + i * 37).orElseThrow());
        }
        all.sort(java.util.Comparator.comparingLong(NonceRange::start));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).start()).as("no overlap").isGreaterThanOrEqualTo(all.get(i - 1).end());
        }
    }

    @Test
    void aLeaversRangeIsReassignedAndTheSpaceRunsOut() {
        NonceLeases leases = new NonceLeases(new NonceRange(100, 100 + 5000), 1);
        NonceRange gone = leases.lease("gone", 3000).orElseThrow();
        leases.lease("stays", 2000).orElseThrow();
        assertThat(leases.remaining()).isZero();
        assertThat(leases.lease("stays", 2000)).as("used up").isEmpty();
        leases.release("gone");
        assertThat(leases.remaining()).isEqualTo(3000);
        NonceRange first = leases.lease("stays", 1024).orElseThrow();
        NonceRange second = leases.lease("other", 5000).orElseThrow();
        assertThat(first).isEqualTo(new NonceRange(gone.start(), gone.start() + 1024));
        assertThat(second).isEqualTo(new NonceRange(gone.start() + 1024, gone.end()));
        assertThat(leases.held("other")).contains(second);
    }
}
