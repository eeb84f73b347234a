package io.quarry.poies.policy;

import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.proof.codec.CanonicalWriter;
import io.quarry.poies.model.Keccak;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The PoIES selection policy ({@code docs/poies-proofs.md} sections 1 and 4): how much useful-work score a block may
 * claim and from whom. All amounts are integers: scores in micro-nats (10^-6 nat, the unit of thetaMicro), ratios in
 * parts per million. The {@link #policyRoot()} is the Keccak-256 of {@link #canonicalBytes()}, a fixed binary layout
 * of the fields below that does not depend on how the file was formatted.
 *
 * <p><b>Escort-q fairness.</b> With {@code Q = floor(gammaCap * escortQ)}, every proof type that has an
 * admissible candidate is first credited up to {@code min(Q, its cap, what its candidates offer)} before any
 * type is credited beyond {@code Q}; only the room left under {@code gammaCap} after that escort round goes to
 * the best remaining proofs of any type. One type can therefore never crowd another out of a block. Because
 * the five escort quotas must fit under the total, {@code escortQ <= 1/5} is required, and {@code maxProofs}
 * must leave room for the escort round of every type (see {@link #escortSlots()}).
 *
 * @param version format version, 1
 * @param gammaCapMicro Gamma: the most the proofs of one block may add to S, in micro-nats
 * @param capsMicro per-type caps in micro-nats, one for every {@link ProofType}, each at most Gamma
 * @param escortQPpm q, the escort quota as a fraction of Gamma, in ppm (at most 200000)
 * @param minTrapRatioPpm the least fraction of trap tasks an AI or Quantum attestation must pass, in ppm
 * @param minTraps the least number of trap tasks an AI or Quantum attestation must include
 * @param minProofPsiMicro the least psi a single proof must be worth to be admitted at all (spam floor)
 * @param maxProofs the most proofs one block may carry
 * @param anchorWindow how many recent blocks a proof may be anchored to (1 = the parent only)
 * @param providers the AI/Quantum provider allowlist, sorted by public key, keys unique
 */
public record Policy(
        int version,
        long gammaCapMicro,
        Map<ProofType, Long> capsMicro,
        long escortQPpm,
        long minTrapRatioPpm,
        int minTraps,
        long minProofPsiMicro,
        int maxProofs,
        int anchorWindow,
        List<Provider> providers) {

    /** The only format version so far. */
    public static final int VERSION = 1;
    /** Micro-nats in one nat; also parts per million in one. */
    public static final long MICRO = 1_000_000L;
    /** Upper bound on Gamma: 100 nats is already e^100 times less hashing than a proof-less block. */
    public static final long MAX_GAMMA_MICRO = 100 * MICRO;
    /** Upper bound on {@link #maxProofs()}. */
    public static final int MAX_PROOFS_LIMIT = Block.MAX_PROOFS;
    /** Upper bound on {@link #anchorWindow()}. */
    public static final int MAX_ANCHOR_WINDOW = 256;
    /** Upper bound on the allowlist length. */
    public static final int MAX_PROVIDERS = 64;

    private static final String ROOT_TAG = "quarry:poies:policy:v1";

    /**
     * Checks every field; messages name the policy-file key.
     *
     * @throws IllegalArgumentException naming the key when a field is out of range
     */
    public Policy {
        Objects.requireNonNull(capsMicro, "capsMicro");
        Objects.requireNonNull(providers, "providers");
        require(version == VERSION, "version", "must be " + VERSION + ", was " + version);
        require(gammaCapMicro >= 1 && gammaCapMicro <= MAX_GAMMA_MICRO, "gammaCap",
                "must be in (0, 100] nats, was " + nats(gammaCapMicro));
        EnumMap<ProofType, Long> caps = new EnumMap<>(ProofType.class);
        for (ProofType type : ProofType.values()) {
            Long cap = capsMicro.get(type);
            require(cap != null, "caps." + type.key(), "is missing (every type needs a cap; 0 disables a type)");
            require(cap >= 0 && cap <= gammaCapMicro, "caps." + type.key(),
                    "must be in [0, gammaCap (" + nats(gammaCapMicro) + ")], was " + nats(cap));
            caps.put(type, cap);
        }
        capsMicro = Collections.unmodifiableMap(caps);
        long maxQ = MICRO / ProofType.values().length;
        require(escortQPpm >= 0 && escortQPpm <= maxQ, "escortQ",
                "must be in [0, " + nats(maxQ) + "] so the five escort quotas fit under gammaCap, was " + nats(escortQPpm));
        require(minTrapRatioPpm >= 1 && minTrapRatioPpm <= MICRO, "minTrapRatio",
                "must be in (0, 1], was " + nats(minTrapRatioPpm));
        require(minTraps >= 1 && minTraps <= 1_000_000, "minTraps", "must be in [1, 1000000], was " + minTraps);
        require(minProofPsiMicro >= 1 && minProofPsiMicro <= gammaCapMicro, "minProofPsi",
                "must be in (0, gammaCap (" + nats(gammaCapMicro) + ")], was " + nats(minProofPsiMicro));
        require(maxProofs >= 1 && maxProofs <= MAX_PROOFS_LIMIT, "maxProofs",
                "must be in [1, " + MAX_PROOFS_LIMIT + "], was " + maxProofs);
        long slots = escortSlots(gammaCapMicro, escortQPpm, minProofPsiMicro);
        require(maxProofs >= slots, "maxProofs", "must be >= " + slots
                + " so the escort round of every type fits (5 * ceil(gammaCap * escortQ / minProofPsi)), was " + maxProofs);
        require(anchorWindow >= 1 && anchorWindow <= MAX_ANCHOR_WINDOW, "anchorWindow",
                "must be in [1, " + MAX_ANCHOR_WINDOW + "], was " + anchorWindow);
        require(providers.size() <= MAX_PROVIDERS, "providers",
                "at most " + MAX_PROVIDERS + " entries, was " + providers.size());
        List<Provider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(p -> p.publicKey().hexDigits()));
        Set<Bytes> keys = new HashSet<>();
        for (Provider provider : sorted) {
            Objects.requireNonNull(provider, "provider");
            require(keys.add(provider.publicKey()), "providers",
                    "key " + provider.publicKey() + " is listed twice; give one entry all its kinds");
        }
        providers = List.copyOf(sorted);
    }

    /** Gamma times q, rounded down: the escort quota each type is credited up to first. */
    public long escortQuotaMicro() {
        return escortQuota(gammaCapMicro, escortQPpm);
    }

    /** The cap of {@code type} in micro-nats. */
    public long capMicro(ProofType type) {
        return capsMicro.get(type);
    }

    /** The most proofs the escort round can credit: 5 * ceil(Q / minProofPsi). */
    public long escortSlots() {
        return escortSlots(gammaCapMicro, escortQPpm, minProofPsiMicro);
    }

    /** The allowlist entry for {@code publicKey}, if listed. */
    public Optional<Provider> provider(Bytes publicKey) {
        for (Provider provider : providers) {
            if (provider.publicKey().equals(publicKey)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /**
     * The canonical encoding the root is taken over: the tag {@code quarry:poies:policy:v1}, then version (u32),
     * gammaCap (u64), the five caps in {@link ProofType} order (u64 each), escortQ, minTrapRatio, minTraps (u32
     * each), minProofPsi (u64), maxProofs, anchorWindow, provider count (u32 each), then per provider in key
     * order its 32-byte key and a byte whose bit {@code ordinal} is set for each kind. Provider names are
     * labels and are left out.
     */
    public byte[] canonicalBytes() {
        CanonicalWriter out = CanonicalWriter.tagged(ROOT_TAG).u32(version).u64(gammaCapMicro);
        for (ProofType type : ProofType.values()) {
            out.u64(capsMicro.get(type));
        }
        out.u32(escortQPpm).u32(minTrapRatioPpm).u32(minTraps).u64(minProofPsiMicro).u32(maxProofs)
                .u32(anchorWindow).u32(providers.size());
        for (Provider provider : providers) {
            int mask = 0;
            for (ProofType kind : provider.kinds()) {
                mask |= 1 << kind.ordinal();
            }
            out.fixed(provider.publicKey()).u8(mask);
        }
        return out.toByteArray();
    }

    /** The policy root: Keccak-256 of {@link #canonicalBytes()}; templates carry it as {@code policyRoots.poiesPolicy}. */
    public Bytes policyRoot() {
        return Bytes.of(Keccak.keccak256(canonicalBytes()));
    }

    static long escortQuota(long gammaCapMicro, long escortQPpm) {
        // Gamma <= 1e8 and q <= 1e6, so the product fits a long.
        return gammaCapMicro * escortQPpm / MICRO;
    }

    static long escortSlots(long gammaCapMicro, long escortQPpm, long minProofPsiMicro) {
        long quota = escortQuota(gammaCapMicro, escortQPpm);
        long perType = minProofPsiMicro <= 0 ? Long.MAX_VALUE / 8 : (quota + minProofPsiMicro - 1) / minProofPsiMicro;
        return perType * ProofType.values().length;
    }

    /** Formats micro units as a decimal ({@code 2500000 -> "2.5"}). */
    public static String nats(long micro) {
        return MicroDecimal.format(micro);
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": " + message);
        }
    }
}
