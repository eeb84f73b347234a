package io.quarry.poies.ws;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.node.Work;
import java.util.List;

/** Templates and works for protocol tests. */
public final class Templates {

    private Templates() {
    }

    /** A template at {@code height} with id {@code templateId} and Θ of {@code thetaMicro}. */
    public static HeaderTemplate template(long height, String templateId, long thetaMicro) {
        return new HeaderTemplate(1337, height, fill(height), fill(2), fill(3), fill(4), Bytes.ZERO32,
                new HeaderTemplate.Params(thetaMicro, 2_500_000, 150_000),
                new HeaderTemplate.PolicyRoots(fill(5), fill(6)),
                new HeaderTemplate.NonceDomain(fill(height * 31 + templateId.hashCode()),
                        HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1),
                1_730_000_000L + height, "anim1testminer", new HeaderTemplate.Extra("snap-" + height, templateId));
    }

    /** A work with no proofs whose Θ is {@code thetaMicro}. */
    public static Work work(long height, String templateId, long thetaMicro) {
        return new Work(template(height, templateId, thetaMicro), List.of(), 0);
    }

    private static Bytes fill(long seed) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed * 131 + i * 7);
        }
        return Bytes.of(bytes);
    }
}
