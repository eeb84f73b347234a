package io.quarry.poies.proof;

import static io.quarry.poies.policy.ProofType.AI;
import static io.quarry.poies.policy.ProofType.QUANTUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.Provider;
import io.quarry.poies.proof.attest.AttestedKind;
import io.quarry.poies.proof.dev.DevProvider;
import io.quarry.poies.proof.dev.DevProviderKey;
import io.quarry.poies.proof.storage.LocalStorageProver;
import io.quarry.poies.proof.storage.StorageKind;
import io.quarry.poies.proof.testing.Fixtures;
import io.quarry.poies.proof.vdf.VdfKind;
import io.quarry.poies.proof.vdf.VdfProver;
import io.quarry.testing.HostileInput;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile proof bodies, from fixed seeds: valid envelopes of every kind mutated structurally (members dropped,
 * added, retyped; hex flipped, cut, stretched; lists shortened, reordered, nested values replaced). Each must
 * either be refused with a {@link ProofRejection} or verify to exactly the claim of the original: no mutation
 * may escape as another exception or be worth something else.
 */
class ProofBodyFuzzTest {

    private static final List<ProofEnvelope> VALID = new ArrayList<>();
    private static final Map<String, VerifiedProof> ORIGINAL = new LinkedHashMap<>();
    private static ProofRegistry registry;
    private static ProofContext context;

    @BeforeAll
    static void proofs(@TempDir Path dir) {
        DevProviderKey key = DevProviderKey.loadOrCreate(dir);
        Policy policy = Fixtures.policy(List.of(new Provider("dev", key.publicKey(), Set.of(AI, QUANTUM))));
        context = Fixtures.context(11, policy);
        registry = ProofRegistry.of(List.of(new VdfKind(), new StorageKind(), AttestedKind.ai(), AttestedKind.quantum()));
        DevProvider dev = new DevProvider(key);
        VALID.add(new VdfProver(1L << 16).prove(Fixtures.CHAIN_ID, context.parentHash()));
        try (LocalStorageProver plot = LocalStorageProver.open(dir.resolve("plot"), 4096, 256)) {
            VALID.add(StorageKind.envelope(Fixtures.CHAIN_ID, context.parentHash(),
                    plot.prove(StorageKind.challenge(Fixtures.CHAIN_ID, context.parentHash())).orElseThrow()));
        }
        VALID.add(dev.ai(context, 1));
        VALID.add(dev.quantum(context, 1));
        for (ProofEnvelope envelope : VALID) {
            ORIGINAL.put(envelope.typeId(), registry.verify(envelope, context));
        }
    }

    @Test
    void mutatedBodiesAreRefusedOrMeanExactlyTheSame() {
        int cases = HostileInput.cases(600);
        int refused = 0;
        for (int i = 0; i < cases; i++) {
            HostileInput input = HostileInput.forCase(i);
            ProofEnvelope original = VALID.get(input.nextInt(VALID.size()));
            ProofEnvelope mutated;
            try {
                Map<String, Object> members = new LinkedHashMap<>(original.body().asMap());
                int mutations = 1 + input.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    mutate(members, input);
                }
                mutated = new ProofEnvelope(original.typeId(), ProofBody.of(members), original.nullifier());
            } catch (SchemaException unrepresentable) {
                continue; // the body decoder refuses it before any kind sees it
            }
            if (mutated.body().equals(original.body())) {
                continue;
            }
            ProofEnvelope probe = mutated;
            boolean[] rejected = {false};
            assertThatCode(() -> {
                try {
                    VerifiedProof proof = registry.verify(probe, context);
                    VerifiedProof before = ORIGINAL.get(probe.typeId());
                    assertThat(proof.metrics()).isEqualTo(before.metrics());
                    assertThat(proof.psiMicro()).isEqualTo(before.psiMicro());
                } catch (ProofRejection expected) {
                    rejected[0] = true;
                }
            }).as("case %d: %s", i, probe.body()).doesNotThrowAnyException();
            refused += rejected[0] ? 1 : 0;
        }
        assertThat(refused).as("most mutations are refused").isGreaterThan(cases / 2);
    }

    @SuppressWarnings("unchecked")
    private static void mutate(Map<String, Object> members, HostileInput input) {
        List<String> keys = new ArrayList<>(members.keySet());
        String key = keys.isEmpty() ? "x" : keys.get(input.nextInt(keys.size()));
        Object value = members.get(key);
        switch (input.nextInt(6)) {
            case 0 -> members.remove(key);
            case 1 -> members.put("extra" + input.nextInt(3), input.oneOf(1L, "0x00", List.of(), Map.of("a", 1L)));
            case 2 -> members.put(key, input.oneOf(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, BigInteger.TWO.pow(200),
                    "", "0x", "0xzz", true, List.of(1L), Map.of()));
            case 3 -> {
                if (value instanceof String text) {
                    members.put(key, mutateText(text, input));
                }
            }
            case 4 -> {
                if (value instanceof Long number) {
                    members.put(key, number + input.oneOf(1L, -1L, 1L << 20, -(1L << 40)));
                }
            }
            default -> {
                if (value instanceof List<?> list && !list.isEmpty()) {
                    List<Object> copy = new ArrayList<>(list);
                    int at = input.nextInt(copy.size());
                    switch (input.nextInt(4)) {
                        case 0 -> copy.remove(at);
                        case 1 -> copy.add(copy.get(at));
                        case 2 -> copy.set(at, copy.get(input.nextInt(copy.size())));
                        default -> {
                            if (copy.get(at) instanceof Map<?, ?> nested) {
                                Map<String, Object> inner = new LinkedHashMap<>((Map<String, Object>) nested);
                                mutate(inner, input);
                                copy.set(at, inner);
                            } else if (copy.get(at) instanceof String text) {
                                copy.set(at, mutateText(text, input));
                            }
                        }
                    }
                    members.put(key, copy);
                }
            }
        }
    }

    private static String mutateText(String text, HostileInput input) {
        StringBuilder out = new StringBuilder(text);
        if (out.isEmpty()) {
            return "0x00";
        }
        int at = input.nextInt(out.length());
        switch (input.nextInt(4)) {
            case 0 -> out.setCharAt(at, input.oneOf('0', 'f', 'F', 'g', ' ', 'x'));
            case 1 -> out.setLength(at);
            case 2 -> out.insert(at, input.oneOf("00", "0", "ff"));
            default -> out.setCharAt(at, Character.toUpperCase(out.charAt(at)));
        }
        return out.toString();
    }
}
