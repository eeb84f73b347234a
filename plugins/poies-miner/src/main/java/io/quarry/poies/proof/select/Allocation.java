package io.quarry.poies.proof.select;

import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.proof.VerifiedProof;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a set of verified proofs is credited under a policy: the one rule both the selector and the packer apply,
 * so a set the selector picks is credited the same when the block is sealed or checked. Integer arithmetic only.
 *
 * <p><b>Order.</b> Proofs are taken in the canonical order: psi descending, then {@link ProofType} order, then
 * nullifier ascending (as unsigned bytes). A block lists its proofs in this order.
 *
 * <p><b>Escort round.</b> With {@code Q = floor(Gamma * q)}, each proof in order is credited
 * {@code min(its psi, min(Q, cap of its type) - what its type got in this round)}. Every type with a proof thus
 * gets up to {@code min(Q, its cap, its proofs' psi)} before any type gets more; the policy guarantees that the
 * five quotas fit under Gamma and that the round needs no more than {@code maxProofs} proofs.
 *
 * <p><b>Fill round.</b> Each proof in order is then credited a further
 * {@code min(its uncredited psi, cap of its type - what its type has, Gamma - what all have)}, except that a proof
 * the escort round left at zero is skipped once {@code maxProofs} proofs hold a credit.
 *
 * <p>The total credited is {@code min(Gamma, sum over types of min(cap, that type's psi))} whenever
 * {@code maxProofs} does not bind. A proof credited zero adds nothing; removing it changes no other credit.
 */
final class Allocation {

    /** The canonical order of proofs in a block. */
    static final Comparator<VerifiedProof> ORDER = Comparator.comparingLong((VerifiedProof p) -> p.psiMicro()).reversed()
            .thenComparing(VerifiedProof::type)
            .thenComparing((VerifiedProof p) -> p.nullifier().hexDigits());

    private final List<SelectedProof> credits;
    private final Map<ProofType, Long> byType;
    private final long totalMicro;

    private Allocation(List<SelectedProof> credits, Map<ProofType, Long> byType, long totalMicro) {
        this.credits = credits;
        this.byType = byType;
        this.totalMicro = totalMicro;
    }

    /** Credits {@code proofs} (any order; nullifiers assumed distinct) under {@code policy}. */
    static Allocation of(Collection<VerifiedProof> proofs, Policy policy) {
        List<VerifiedProof> ordered = new ArrayList<>(proofs);
        ordered.sort(ORDER);
        int n = ordered.size();
        long[] credit = new long[n];
        Map<ProofType, Long> used = new EnumMap<>(ProofType.class);
        for (ProofType type : ProofType.values()) {
            used.put(type, 0L);
        }
        long quota = policy.escortQuotaMicro();
        long total = 0;
        int holding = 0;
        for (int i = 0; i < n; i++) {
            VerifiedProof proof = ordered.get(i);
            long typeLimit = Math.min(quota, policy.capMicro(proof.type()));
            long grant = Math.min(proof.psiMicro(), Math.max(0, typeLimit - used.get(proof.type())));
            if (grant > 0) {
                credit[i] = grant;
                used.merge(proof.type(), grant, Long::sum);
                total += grant;
                holding++;
            }
        }
        for (int i = 0; i < n; i++) {
            VerifiedProof proof = ordered.get(i);
            if (credit[i] == 0 && holding >= policy.maxProofs()) {
                continue;
            }
            long room = Math.min(policy.capMicro(proof.type()) - used.get(proof.type()), policy.gammaCapMicro() - total);
            long grant = Math.min(proof.psiMicro() - credit[i], Math.max(0, room));
            if (grant > 0) {
                if (credit[i] == 0) {
                    holding++;
                }
                credit[i] += grant;
                used.merge(proof.type(), grant, Long::sum);
                total += grant;
            }
        }
        List<SelectedProof> credits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            credits.add(new SelectedProof(ordered.get(i), credit[i]));
        }
        return new Allocation(Collections.unmodifiableList(credits), Collections.unmodifiableMap(used), total);
    }

    /** Every proof in canonical order with its credit (zero for those that add nothing). */
    List<SelectedProof> credits() {
        return credits;
    }

    /** Credited micro-nats by type (every type present, zero when it has none). */
    Map<ProofType, Long> byType() {
        return byType;
    }

    /** Total credited micro-nats: Sigma psi of the set. */
    long totalMicro() {
        return totalMicro;
    }
}
