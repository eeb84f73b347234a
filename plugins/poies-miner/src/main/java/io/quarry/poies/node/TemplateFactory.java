package io.quarry.poies.node;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.Keccak;
import io.quarry.poies.model.MerkleRoot;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds header templates ({@code docs/poies-canonical-header.md} section 1) on the head for a chosen proof set. What
 * the dev chain puts in each field:
 * <ul>
 *   <li>{@code stateRoot}, {@code daRoot}: zero (the dev chain has no state and no blobs);
 *       {@code txsRoot}: the root of the empty list (no mempool), {@code extra.mempoolSnapshotId}: empty</li>
 *   <li>{@code proofsRoot}: {@link MerkleRoot#ofProofs} over the selected envelopes, in order</li>
 *   <li>{@code params}: Θ from the retarget, Γ and escort q from the policy</li>
 *   <li>{@code policyRoots.poiesPolicy}: the policy's root; {@code algPolicy}: {@link #ALG_POLICY_ROOT}, the
 *       Keccak-256 of the text naming the algorithms this node uses</li>
 *   <li>{@code nonceDomain.mixSeed}: 32 fresh random bytes per template, so no two templates share a nonce
 *       space even when every other field is equal</li>
 *   <li>{@code time}: now in unix seconds, never before the parent's time</li>
 *   <li>{@code extra.templateId}: {@code h<height>-<boot>-<sequence>}, boot time and sequence in base 36, the boot
 *       time distinguishing this process from earlier ones so an old miner's template id never names a new
 *       template</li>
 * </ul>
 */
public final class TemplateFactory {

    /** What {@link #ALG_POLICY_ROOT} hashes. */
    public static final String ALG_POLICY = "quarry:poies:alg-policy:v1;share=keccak-512(header||nonce||mixSeed);"
            + "u-draw=animica:u-draw:v1;block-hash=keccak-256;roots=keccak-256-merkle;vdf=wesolowski-rsa2048";
    /** Keccak-256 of {@link #ALG_POLICY}. */
    public static final Bytes ALG_POLICY_ROOT = Bytes.of(Keccak.keccak256(ALG_POLICY.getBytes(StandardCharsets.US_ASCII)));

    private final long chainId;
    private final String coinbase;
    private final InstantSource clock;
    private final SecureRandom random;
    private final String boot;
    private final AtomicLong sequence = new AtomicLong();

    public TemplateFactory(long chainId, String coinbase, InstantSource clock, SecureRandom random) {
        this.chainId = chainId;
        this.coinbase = Objects.requireNonNull(coinbase, "coinbase");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.boot = Long.toString(clock.millis() / 1000, 36);
    }

    /**
     * A template for the block after {@code parentHeight}/{@code parentHash}.
     *
     * @param parentTime the parent's time; the template's time is never earlier
     * @param thetaMicro Θ for the new block
     * @param policy the policy in force (Γ, q and its root go into the template)
     * @param proofs the selected proofs, in the order {@code proofsRoot} commits to
     */
    public HeaderTemplate build(long parentHeight, Bytes parentHash, long parentTime, long thetaMicro, Policy policy,
            List<ProofEnvelope> proofs) {
        byte[] mixSeed = new byte[HeaderTemplate.NonceDomain.MIX_SEED_LENGTH];
        random.nextBytes(mixSeed);
        long height = parentHeight + 1;
        String templateId = "h" + height + "-" + boot + "-" + Long.toString(sequence.incrementAndGet(), 36);
        return new HeaderTemplate(
                chainId,
                height,
                parentHash,
                Bytes.ZERO32,
                MerkleRoot.EMPTY,
                MerkleRoot.ofProofs(proofs),
                Bytes.ZERO32,
                new HeaderTemplate.Params(thetaMicro, policy.gammaCapMicro(), policy.escortQPpm()),
                new HeaderTemplate.PolicyRoots(policy.policyRoot(), ALG_POLICY_ROOT),
                new HeaderTemplate.NonceDomain(Bytes.of(mixSeed), HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1),
                Math.max(clock.millis() / 1000, parentTime),
                coinbase,
                new HeaderTemplate.Extra("", templateId));
    }
}
