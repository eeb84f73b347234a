package io.quarry.poies.chain;

import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.MerkleRoot;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.ShareDigest;
import java.util.Arrays;
import java.util.List;

/** Blocks for chain store tests: real templates and shares, no scanning (the store does not judge Θ). */
public final class TestChain {

    public static final long CHAIN_ID = 1337;
    public static final long THETA = 2_000_000;

    private TestChain() {
    }

    public static Block genesis() {
        return block(0, Bytes.ZERO32, 1_700_000_000L, List.of());
    }

    /** A block at {@code height} on {@code parent} with the given proofs, sealed with nonce 7. */
    public static Block block(long height, Bytes parent, long time, List<ProofEnvelope> proofs) {
        HeaderTemplate template = new HeaderTemplate(CHAIN_ID, height, parent, Bytes.ZERO32, Bytes.ZERO32,
                MerkleRoot.ofProofs(proofs), Bytes.ZERO32, new HeaderTemplate.Params(THETA, 2_500_000, 150_000),
                new HeaderTemplate.PolicyRoots(filled(1), filled(2)),
                new HeaderTemplate.NonceDomain(filled((int) (height % 100) + 3),
                        HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1),
                time, "anim1test", new HeaderTemplate.Extra("", "t" + height + "x" + time));
        Bytes digest = ShareDigest.compute(template, 7);
        return Block.seal(template, HashShare.of(template, 7, digest, 0), proofs);
    }

    public static Block child(Block parent, List<ProofEnvelope> proofs) {
        return block(parent.height() + 1, parent.hash(), parent.template().time() + 5, proofs);
    }

    /** A seal crediting each proof 0.25 nats over an H(u) of 1.5 nats. */
    public static Seal seal(Block block) {
        return new Seal(1_500_000, block.proofs().stream().map(p -> new Seal.Credit("vdf", 250_000)).toList());
    }

    public static ProofEnvelope proof(int seed) {
        return new ProofEnvelope("vdf:v1", ProofBody.builder().put("seed", (long) seed).build(), filled(seed + 100));
    }

    public static Bytes filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return Bytes.of(bytes);
    }
}
