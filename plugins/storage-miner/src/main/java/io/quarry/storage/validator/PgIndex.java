package io.quarry.storage.validator;

import io.quarry.storage.wire.Manifest;
import io.quarry.storage.wire.StripeRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The stripes of every stored file by placement group, for QueryPgFilesBatch. Thread-safe. */
public final class PgIndex {

    private final Map<Integer, List<StripeRef>> byPg = new TreeMap<>();

    /** Adds the stripes of {@code manifest}. */
    public synchronized void add(Manifest manifest) {
        for (StripeRef stripe : manifest.stripes()) {
            List<StripeRef> list = byPg.computeIfAbsent(stripe.pg(), pg -> new ArrayList<>());
            list.add(stripe);
            list.sort(Comparator.comparing(StripeRef::fileId).thenComparingInt(StripeRef::stripe));
        }
    }

    /** Removes the stripes of {@code manifest}. */
    public synchronized void remove(Manifest manifest) {
        for (StripeRef stripe : manifest.stripes()) {
            List<StripeRef> list = byPg.get(stripe.pg());
            if (list != null) {
                list.removeIf(s -> s.fileId().equals(stripe.fileId()) && s.stripe() == stripe.stripe());
            }
        }
    }

    /** Up to {@code limit} stripes of {@code pgs} (in the order given) after skipping {@code offset}. */
    public synchronized List<StripeRef> page(List<Integer> pgs, int offset, int limit) {
        List<StripeRef> page = new ArrayList<>();
        int skipped = 0;
        for (int pg : pgs) {
            for (StripeRef stripe : byPg.getOrDefault(pg, List.of())) {
                if (skipped++ < offset) {
                    continue;
                }
                if (page.size() == limit) {
                    return page;
                }
                page.add(stripe);
            }
        }
        return page;
    }

    /** Stripes in {@code pgs}. */
    public synchronized int count(List<Integer> pgs) {
        return pgs.stream().mapToInt(pg -> byPg.getOrDefault(pg, List.of()).size()).sum();
    }
}
