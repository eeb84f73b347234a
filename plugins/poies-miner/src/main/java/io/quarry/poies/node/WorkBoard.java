package io.quarry.poies.node;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.proof.select.Selection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The work served on the current head: the newest {@link Work} and the earlier ones (replaced when the proof
 * pool offered better proofs) whose shares are still admissible because they build on the same parent. A new
 * head clears the board: every template on the old parent is stale from then on.
 *
 * <p>The board also holds the nullifiers of the shares admitted on the current head, so a share is counted
 * once even when it never makes a block (the chain store holds those that did). Bounded: at most
 * {@link #MAX_WORKS} works per head (oldest dropped: their shares then count as unknown) and
 * {@link #MAX_ADMITTED} admitted nullifiers (when full, the head is expected to have moved long since; the
 * oldest are not evicted, new shares are refused as duplicates would be, so a flood cannot make a share count
 * twice).
 */
final class WorkBoard {

    /** Works remembered per head. */
    static final int MAX_WORKS = 64;
    /** Share nullifiers remembered per head. */
    static final int MAX_ADMITTED = 1 << 20;

    /** Template ids of earlier heads remembered, so their shares are told "stale" rather than "unknown". */
    static final int MAX_RETIRED = 4096;

    private final Map<String, Entry> works = new LinkedHashMap<>();
    private final Map<String, Long> retired = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_RETIRED;
        }
    };
    private final Set<Bytes> admitted = ConcurrentHashMap.newKeySet();
    private volatile Entry current;

    /**
     * One work with what the node knows about its proofs.
     *
     * @param work the work as served
     * @param proofs the selected proofs behind {@code work.proofs()}, with their credits, in order
     */
    record Entry(Work work, Selection proofs) {
        Entry {
            Objects.requireNonNull(work, "work");
            Objects.requireNonNull(proofs, "proofs");
        }
    }

    /** The newest work, or null before the first. */
    Entry current() {
        return current;
    }

    /** Makes {@code entry} the newest work; when it is on a new parent, forgets every earlier work and share. */
    synchronized void publish(Entry entry) {
        Entry previous = current;
        if (previous == null || !previous.work().template().parentHash().equals(entry.work().template().parentHash())) {
            for (Entry old : works.values()) {
                retired.put(old.work().templateId(), old.work().template().height());
            }
            works.clear();
            admitted.clear();
        }
        works.put(entry.work().templateId(), entry);
        if (works.size() > MAX_WORKS) {
            Iterator<String> oldest = works.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        current = entry;
    }

    /** The work with {@code templateId} on the current head. */
    synchronized Optional<Entry> find(String templateId) {
        return Optional.ofNullable(works.get(templateId));
    }

    /** The height of a template served on an earlier head, if this id names one. */
    synchronized Optional<Long> retiredHeight(String templateId) {
        return Optional.ofNullable(retired.get(templateId));
    }

    /** Whether a share with {@code nullifier} was admitted on the current head. */
    boolean admitted(Bytes nullifier) {
        return admitted.contains(nullifier);
    }

    /**
     * Records an admitted share; false when its nullifier was already recorded (a concurrent duplicate) or the
     * board is full.
     */
    boolean admit(Bytes nullifier) {
        return admitted.size() < MAX_ADMITTED && admitted.add(nullifier);
    }
}
