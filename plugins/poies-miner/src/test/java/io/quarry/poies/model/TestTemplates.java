package io.quarry.poies.model;

import java.util.List;

/** Templates, envelopes and blocks for tests: realistic values, fixed so failures replay. */
public final class TestTemplates {

    private TestTemplates() {
    }

    /** 32 bytes {@code fill, fill+1, ...}. */
    public static Bytes bytes32(int fill) {
        byte[] out = new byte[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (fill + i);
        }
        return Bytes.of(out);
    }

    /** A template like the example of docs/poies-canonical-header.md, committing to {@code proofs}. */
    public static HeaderTemplate template(String templateId, List<ProofEnvelope> proofs) {
        return new HeaderTemplate(1, 1024, bytes32(0x10), bytes32(0x30), MerkleRoot.EMPTY,
                MerkleRoot.ofProofs(proofs), MerkleRoot.EMPTY,
                new HeaderTemplate.Params(1_130_000, 2_500_000, 150_000),
                new HeaderTemplate.PolicyRoots(bytes32(0x50), bytes32(0x70)),
                new HeaderTemplate.NonceDomain(bytes32(0x90), HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1),
                1_730_000_000L, "anim1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", new HeaderTemplate.Extra("mp-000042",
                        templateId));
    }

    /** {@link #template(String, List)} with no proofs. */
    public static HeaderTemplate template() {
        return template("tpl-1024-0001", List.of());
    }

    /** A non-hash proof envelope (the shape proofs of any kind have). */
    public static ProofEnvelope vdfLikeProof(int seed) {
        ProofBody body = ProofBody.builder()
                .put("iterations", 1L << 20)
                .putHex("input", bytes32(seed))
                .put("output", "0x" + "ab".repeat(40))
                .put("metrics", java.util.Map.of("secondsMicro", 2_500_000L, "verified", true))
                .build();
        return new ProofEnvelope("vdf:v1", body, bytes32(seed + 7));
    }
}
