package io.quarry.storage.validator;

import io.quarry.storage.wire.Manifest;
import io.quarry.storage.wire.StripeRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stripes of every stored file by placement group, for QueryPgFilesBatch, and how many stripe slots of all
 * stored files name each shard hash: identical stripes (or all-zero data) give different files the same shard,
 * which may be deleted from the miners only when no file names it any more. Thread-safe.
 */
public final class PgIndex {

    private final Map<Integer, List<StripeRef>> byPg = new TreeMap<>();
    private final Map<String, Integer> shardRefs = new HashMap<>();

    /** Adds the stripes of {@code manifest} and counts a reference to each of their shards. */
    public synchronized void add(Manifest manifest) {
        for (StripeRef stripe : manifest.stripes()) {
            for (String hash : stripe.shards()) {
                shardRefs.merge(hash, 1, Integer::sum);
            }
            List<StripeRef> list = byPg.computeIfAbsent(stripe.pg(), pg -> new ArrayList<>());
            list.add(stripe);
            list.sort(Comparator.comparing(StripeRef::fileId).thenComparingInt(StripeRef::stripe));
        }
    }

    /**
     * Removes the stripes of {@code manifest} and their shard references; the shard hashes no stored file names
     * any more, which may now be deleted from the miners.
     */
    public synchronized Set<String> remove(Manifest manifest) {
        Set<String> released = new LinkedHashSet<>();
        for (StripeRef stripe : manifest.stripes()) {
            for (String hash : stripe.shards()) {
                Integer left = shardRefs.computeIfPresent(hash, (h, count) -> count > 1 ? count - 1 : null);
                if (left == null) {
                    released.add(hash);
                }
            }
            List<StripeRef> list = byPg.get(stripe.pg());
            if (list != null) {
                list.removeIf(s -> s.fileId().equals(stripe.fileId()) && s.stripe() == stripe.stripe());
                if (list.isEmpty()) {
                    byPg.remove(stripe.pg());
                }
            }
        }
        return released;
    }

    /** How many stripe slots of stored files name shard {@code hash}. */
    public synchronized int references(String hash) {
        return shardRefs.getOrDefault(hash, 0);
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
