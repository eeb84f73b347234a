package io.quarry.poies.chain;

import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.Keccak;
import io.quarry.poies.model.MerkleRoot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The genesis block of a dev chain: height 0 on a zero parent, no proofs, nonce 0, a mix seed derived from the
 * chain id ({@code Keccak-256("quarry:poies:genesis:v1" || chainId as 8 bytes big-endian)}), the policy and Θ the
 * chain starts with, and the time the chain was created. Genesis meets no Θ: it is the one block not mined.
 * Its {@link Seal} records the share's H(u) and no proofs.
 */
public final class Genesis {

    /** The genesis template's id. */
    public static final String TEMPLATE_ID = "genesis";
    /** The genesis coinbase. */
    public static final String COINBASE = "genesis";

    private static final byte[] MIX_TAG = "quarry:poies:genesis:v1".getBytes(StandardCharsets.US_ASCII);

    private Genesis() {
    }

    /** The genesis block of chain {@code chainId} created at {@code time} with these parameters and policies. */
    public static Block block(long chainId, HeaderTemplate.Params params, HeaderTemplate.PolicyRoots policyRoots,
            long time) {
        Bytes mixSeed = Bytes.of(Keccak.keccak256(MIX_TAG, ByteBuffer.allocate(8).putLong(chainId).array()));
        HeaderTemplate template = new HeaderTemplate(chainId, 0, Bytes.ZERO32, Bytes.ZERO32, MerkleRoot.EMPTY,
                MerkleRoot.EMPTY, Bytes.ZERO32, params, policyRoots,
                new HeaderTemplate.NonceDomain(mixSeed, HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1), time, COINBASE,
                new HeaderTemplate.Extra("", TEMPLATE_ID));
        HashShare share = UDraw.share(template, 0);
        return Block.seal(template, share, List.of());
    }

    /** The seal of {@code genesis}: its share's H(u), no proofs. */
    public static Seal seal(Block genesis) {
        return Seal.genesis(UDraw.hMicro(genesis.hashShare().u()));
    }
}
