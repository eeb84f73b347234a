package io.quarry.poies.proof.select;

import static io.quarry.poies.policy.ProofType.AI;
import static io.quarry.poies.policy.ProofType.HASH;
import static io.quarry.poies.policy.ProofType.QUANTUM;
import static io.quarry.poies.policy.ProofType.STORAGE;
import static io.quarry.poies.policy.ProofType.VDF;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.ProofRejection.Reason;
import io.quarry.poies.proof.testing.Fixtures;
import io.quarry.poies.proof.testing.FixedKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ProofSelectorTest {

    private static final ProofRegistry REGISTRY = ProofRegistry.of(List.of(new FixedKind(HASH), new FixedKind(AI),
            new FixedKind(QUANTUM), new FixedKind(STORAGE), new FixedKind(VDF)));
    private static final ProofSelector SELECTOR = new ProofSelector(REGISTRY);
    private static final ProofPacker PACKER = new ProofPacker(REGISTRY);
    private static final Predicate<Bytes> NOTHING_SEEN = n -> false;

    /** Gamma 2.5, every cap 1.0, q 0.15 (Q = 0.375). */
    private static Policy policy(long gamma, long cap, long q) {
        Map<ProofType, Long> caps = new EnumMap<>(ProofType.class);
        for (ProofType type : ProofType.values()) {
            caps.put(type, cap);
        }
        return Fixtures.policy(gamma, caps, q, List.of());
    }

    private static ProofContext context(Policy policy) {
        return Fixtures.context(7, policy);
    }

    private static Selection select(Policy policy, ProofEnvelope... candidates) {
        return SELECTOR.select(List.of(candidates), context(policy), NOTHING_SEEN);
    }

    private static Map<Reason, Integer> droppedReasons(Selection selection) {
        Map<Reason, Integer> out = new EnumMap<>(Reason.class);
        for (DroppedProof dropped : selection.dropped()) {
            out.merge(dropped.rejection().reason(), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void perTypeCapBoundsWhatOneTypeIsCreditedAndDropsProofsItLeavesNoRoomFor() {
        Policy policy = policy(2_500_000, 1_000_000, 150_000);
        Selection selection = select(policy,
                FixedKind.proof(AI, 600_000, "a1"), FixedKind.proof(AI, 600_000, "a2"), FixedKind.proof(AI, 600_000, "a3"));
        assertThat(selection.credited(AI)).isEqualTo(1_000_000);
        assertThat(selection.psiMicro()).isEqualTo(1_000_000);
        assertThat(selection.selected()).hasSize(2);
        assertThat(selection.selected().get(1).creditedMicro()).isEqualTo(400_000);
        assertThat(droppedReasons(selection)).containsExactly(Map.entry(Reason.NO_ROOM, 1));
    }

    @Test
    void eachTypeHasItsOwnCap() {
        Map<ProofType, Long> caps = new EnumMap<>(Map.of(HASH, 100_000L, AI, 200_000L, QUANTUM, 300_000L,
                STORAGE, 400_000L, VDF, 0L));
        Policy policy = Fixtures.policy(2_500_000, caps, 0, List.of());
        List<ProofEnvelope> candidates = new ArrayList<>();
        for (ProofType type : ProofType.values()) {
            for (int i = 0; i < 3; i++) {
                candidates.add(FixedKind.proof(type, 150_000, type.key() + i));
            }
        }
        Selection selection = SELECTOR.select(candidates, context(policy), NOTHING_SEEN);
        assertThat(selection.creditedByType()).containsEntry(HASH, 100_000L).containsEntry(AI, 200_000L)
                .containsEntry(QUANTUM, 300_000L).containsEntry(STORAGE, 400_000L).containsEntry(VDF, 0L);
        assertThat(selection.selected()).noneMatch(p -> p.proof().type() == VDF);
        assertThat(selection.psiMicro()).isEqualTo(1_000_000);
    }

    @Test
    void gammaBoundsTheTotal() {
        Policy policy = policy(1_000_000, 1_000_000, 0);
        Selection selection = select(policy, FixedKind.proof(AI, 700_000, "a"), FixedKind.proof(QUANTUM, 700_000, "q"),
                FixedKind.proof(VDF, 700_000, "v"));
        assertThat(selection.psiMicro()).isEqualTo(1_000_000);
        assertThat(selection.selected()).hasSize(2);
        assertThat(selection.selected().stream().mapToLong(SelectedProof::creditedMicro).sum()).isEqualTo(1_000_000);
    }

    @Test
    void withoutEscortOneTypeCanStarveAnotherAndWithItEveryTypeKeepsItsQuota() {
        // AI offers far more than Gamma in big proofs; VDF one small proof that sorts last.
        List<ProofEnvelope> candidates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            candidates.add(FixedKind.proof(AI, 500_000, "a" + i));
        }
        candidates.add(FixedKind.proof(VDF, 200_000, "v"));
        Map<ProofType, Long> caps = new EnumMap<>(ProofType.class);
        for (ProofType type : ProofType.values()) {
            caps.put(type, 1_000_000L);
        }
        Policy starving = Fixtures.policy(1_000_000, caps, 0, List.of());
        Selection unfair = SELECTOR.select(candidates, context(starving), NOTHING_SEEN);
        assertThat(unfair.credited(VDF)).isZero();
        assertThat(unfair.credited(AI)).isEqualTo(1_000_000);

        Policy escorted = Fixtures.policy(1_000_000, caps, 150_000, List.of());
        Selection fair = SELECTOR.select(candidates, context(escorted), NOTHING_SEEN);
        assertThat(fair.credited(VDF)).isEqualTo(150_000);
        assertThat(fair.credited(AI)).isEqualTo(850_000);
        assertThat(fair.psiMicro()).isEqualTo(1_000_000);
        assertThat(fair.selected()).anyMatch(p -> p.proof().type() == VDF);
    }

    @Test
    void escortGuaranteesEveryPresentTypeMinOfQuotaCapAndOffer() {
        // Property: for random candidate sets, every type with candidates is credited at least
        // min(Q, its cap, its candidates' psi), and the total is min(Gamma, sum of min(cap, offer)).
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            long gamma = 500_000 + random.nextInt(2_500_000);
            long q = random.nextInt(200_001);
            Map<ProofType, Long> caps = new EnumMap<>(ProofType.class);
            for (ProofType type : ProofType.values()) {
                caps.put(type, (long) random.nextInt((int) gamma + 1));
            }
            Policy policy = new Policy(Policy.VERSION, gamma, caps, q, 900_000, 4, 50_000, 64, 16, List.of());
            List<ProofEnvelope> candidates = new ArrayList<>();
            Map<ProofType, Long> offer = new EnumMap<>(ProofType.class);
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                ProofType type = ProofType.values()[random.nextInt(5)];
                long psi = 50_000 + random.nextInt(900_000);
                candidates.add(FixedKind.proof(type, psi, round + "-" + i));
                offer.merge(type, psi, Long::sum);
            }
            Selection selection = SELECTOR.select(candidates, context(policy), NOTHING_SEEN);
            long expectedTotal = 0;
            for (Map.Entry<ProofType, Long> entry : offer.entrySet()) {
                long guaranteed = Math.min(policy.escortQuotaMicro(), Math.min(caps.get(entry.getKey()), entry.getValue()));
                assertThat(selection.credited(entry.getKey())).as("round %d type %s", round, entry.getKey())
                        .isGreaterThanOrEqualTo(guaranteed).isLessThanOrEqualTo(caps.get(entry.getKey()));
                expectedTotal += Math.min(caps.get(entry.getKey()), entry.getValue());
            }
            assertThat(selection.psiMicro()).as("round %d", round).isEqualTo(Math.min(gamma, expectedTotal));
            // The packer accepts what the selector chose, with the same credits.
            Selection checked = PACKER.checkProofs(selection.envelopes(), context(policy), NOTHING_SEEN);
            assertThat(checked.psiMicro()).isEqualTo(selection.psiMicro());
            assertThat(checked.selected()).isEqualTo(selection.selected());
        }
    }

    @Test
    void duplicateNullifiersCountOnceKeepingTheBetterProof() {
        Policy policy = policy(2_500_000, 1_000_000, 150_000);
        ProofEnvelope first = FixedKind.proof(AI, 300_000, "same");
        ProofEnvelope better = FixedKind.proof(AI, 400_000, "same");
        assertThat(better.nullifier()).isEqualTo(first.nullifier());
        Selection selection = select(policy, first, better, first);
        assertThat(selection.selected()).hasSize(1);
        assertThat(selection.selected().get(0).proof().envelope()).isEqualTo(better);
        assertThat(droppedReasons(selection)).containsExactly(Map.entry(Reason.DUPLICATE_NULLIFIER, 2));
    }

    @Test
    void spentNullifiersAreDropped() {
        Policy policy = policy(2_500_000, 1_000_000, 150_000);
        ProofEnvelope spent = FixedKind.proof(AI, 300_000, "spent");
        ProofEnvelope fresh = FixedKind.proof(AI, 300_000, "fresh");
        Selection selection = SELECTOR.select(List.of(spent, fresh), context(policy), spent.nullifier()::equals);
        assertThat(selection.envelopes()).containsExactly(fresh);
        assertThat(droppedReasons(selection)).containsExactly(Map.entry(Reason.SEEN_NULLIFIER, 1));
    }

    @Test
    void tamperedProofsAreDroppedWithTheirReason() {
        Policy policy = policy(2_500_000, 1_000_000, 150_000);
        ProofEnvelope honest = FixedKind.proof(QUANTUM, 300_000, "q");
        Map<String, Object> inflated = new LinkedHashMap<>(honest.body().asMap());
        inflated.put("psi", 900_000L);
        ProofEnvelope tampered = new ProofEnvelope(honest.typeId(), ProofBody.of(inflated), honest.nullifier());
        ProofEnvelope unknown = new ProofEnvelope("gpu:v1", honest.body(), honest.nullifier());
        ProofEnvelope tiny = FixedKind.proof(VDF, 10, "tiny");
        Selection selection = select(policy, tampered, unknown, tiny, FixedKind.proof(AI, 200_000, "a"));
        assertThat(selection.selected()).extracting(p -> p.proof().type()).containsExactly(AI);
        assertThat(droppedReasons(selection)).containsOnly(Map.entry(Reason.INVALID_PROOF, 1),
                Map.entry(Reason.UNKNOWN_TYPE, 1), Map.entry(Reason.BELOW_MIN_PSI, 1));
    }

    @Test
    void orderIsCanonicalWhateverOrderCandidatesArriveIn() {
        Policy policy = policy(2_500_000, 1_000_000, 150_000);
        List<ProofEnvelope> candidates = new ArrayList<>(List.of(FixedKind.proof(AI, 300_000, "a"),
                FixedKind.proof(VDF, 300_000, "v"), FixedKind.proof(STORAGE, 500_000, "s"),
                FixedKind.proof(AI, 300_000, "b"), FixedKind.proof(HASH, 100_000, "h")));
        List<ProofEnvelope> first = SELECTOR.select(candidates, context(policy), NOTHING_SEEN).envelopes();
        for (long seed = 0; seed < 20; seed++) {
            Collections.shuffle(candidates, new Random(seed));
            assertThat(SELECTOR.select(candidates, context(policy), NOTHING_SEEN).envelopes()).isEqualTo(first);
        }
        assertThat(first).extracting(ProofEnvelope::typeId).startsWith(FixedKind.typeId(STORAGE));
        assertThat(first.get(first.size() - 1).typeId()).isEqualTo(FixedKind.typeId(HASH));
    }

    @Test
    void maxProofsBoundsTheSetAfterTheEscortRound() {
        Map<ProofType, Long> caps = new EnumMap<>(ProofType.class);
        for (ProofType type : ProofType.values()) {
            caps.put(type, 2_000_000L);
        }
        // Q = 0 so no escort round; 10 slots.
        Policy policy = new Policy(Policy.VERSION, 2_000_000, caps, 0, 900_000, 4, 50_000, 10, 16, List.of());
        List<ProofEnvelope> candidates = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            candidates.add(FixedKind.proof(AI, 60_000 + i, "a" + i));
        }
        Selection selection = SELECTOR.select(candidates, context(policy), NOTHING_SEEN);
        assertThat(selection.selected()).hasSize(10);
        assertThat(selection.selected().get(0).proof().psiMicro()).isEqualTo(60_029);
        assertThat(PACKER.checkProofs(selection.envelopes(), context(policy), NOTHING_SEEN).psiMicro())
                .isEqualTo(selection.psiMicro());
    }

    @Test
    void emptyCandidatesSelectNothing() {
        Selection selection = select(policy(2_500_000, 1_000_000, 150_000));
        assertThat(selection.selected()).isEmpty();
        assertThat(selection.psiMicro()).isZero();
        assertThat(selection.creditedByType().keySet()).isEqualTo(Set.of(ProofType.values()));
    }
}
