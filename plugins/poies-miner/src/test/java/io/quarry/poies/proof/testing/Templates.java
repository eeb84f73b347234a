package io.quarry.poies.proof.testing;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.MerkleRoot;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.proof.ProofContext;
import java.util.List;

/** Header templates for packer and hash-share tests. */
public final class Templates {

    private Templates() {
    }

    /** A template in {@code context} committing to {@code proofs}, with Theta {@code thetaMicro}. */
    public static HeaderTemplate template(ProofContext context, List<ProofEnvelope> proofs, long thetaMicro, String id) {
        Policy policy = context.policy();
        return new HeaderTemplate(context.chainId(), context.height(), context.parentHash(), Fixtures.hash("state"),
                Fixtures.hash("txs"), MerkleRoot.ofProofs(proofs), Bytes.ZERO32,
                new HeaderTemplate.Params(thetaMicro, policy.gammaCapMicro(), policy.escortQPpm()),
                new HeaderTemplate.PolicyRoots(policy.policyRoot(), Fixtures.hash("alg")),
                new HeaderTemplate.NonceDomain(Fixtures.hash("mix-" + id), HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1),
                1_730_000_000L, "anim1test", new HeaderTemplate.Extra("", id));
    }
}
