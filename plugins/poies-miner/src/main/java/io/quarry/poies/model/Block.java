package io.quarry.poies.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A sealed block: a template, the nonce that was found on it, that nonce's HashShare, the proof envelopes the
 * template committed to (in {@code proofsRoot} order) and the block hash
 * {@code Keccak-256("animica:block:v1" || keccak)}, where {@code keccak} is the share digest: since the digest
 * covers the whole template, the nonce and the mix seed, so does the hash.
 *
 * <p>Construction checks that the parts link: the share names this template, nonce and mix seed; its digest,
 * u and nullifier are the ones the template and nonce give; the proofs hash to {@code proofsRoot}; the hash is
 * right. Whether the score meets Theta and the proofs are valid under policy is for consensus and the proof
 * verifiers.
 *
 * @param template the template
 * @param nonce the nonce
 * @param hashShare the share of that nonce
 * @param proofs the committed proof envelopes (at most {@value #MAX_PROOFS})
 * @param hash the block hash
 */
public record Block(HeaderTemplate template, long nonce, HashShare hashShare, List<ProofEnvelope> proofs,
        Bytes hash) {

    /** Most proof envelopes in one block. */
    public static final int MAX_PROOFS = 64;
    /** Domain tag of the block hash. */
    public static final byte[] HASH_TAG = "animica:block:v1".getBytes(StandardCharsets.US_ASCII);

    /** Checks that every part links to the others; see the class comment. */
    public Block {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(hashShare, "hashShare");
        Objects.requireNonNull(hash, "hash");
        proofs = List.copyOf(proofs);
        if (proofs.size() > MAX_PROOFS) {
            throw new SchemaException("proofs: at most " + MAX_PROOFS + " envelopes, found " + proofs.size());
        }
        if (!hashShare.templateId().equals(template.templateId()) || hashShare.nonce() != nonce
                || !hashShare.mixSeed().equals(template.mixSeed())) {
            throw new SchemaException("hashShare: names template " + hashShare.templateId() + " nonce "
                    + Nonce.toHex(hashShare.nonce()) + ", the block has " + template.templateId() + " nonce "
                    + Nonce.toHex(nonce) + " (or the mix seeds differ)");
        }
        Bytes root = MerkleRoot.ofProofs(proofs);
        if (!root.equals(template.proofsRoot())) {
            throw new SchemaException("proofs: their root is " + root + ", the template commits to "
                    + template.proofsRoot());
        }
        Bytes digest = ShareDigest.compute(template, nonce);
        if (!digest.equals(hashShare.keccak()) || !ShareDigest.u(digest).equals(hashShare.u())
                || !HashShare.nullifierFor(digest).equals(hashShare.nullifier())) {
            throw new SchemaException("hashShare: keccak, u or nullifier is not what the template and nonce give");
        }
        Bytes expected = hashOf(digest);
        if (!expected.equals(hash)) {
            throw new SchemaException("hash: expected " + expected + ", found " + hash);
        }
    }

    /** Seals {@code hashShare} (found on {@code template}) with the template's {@code proofs} into a block. */
    public static Block seal(HeaderTemplate template, HashShare hashShare, List<ProofEnvelope> proofs) {
        return new Block(template, hashShare.nonce(), hashShare, proofs, hashOf(hashShare.keccak()));
    }

    /** The block hash for share digest {@code keccak}. */
    public static Bytes hashOf(Bytes keccak) {
        return Bytes.of(Keccak.keccak256(HASH_TAG, keccak.toArray()));
    }

    /** The block's height. */
    public long height() {
        return template.height();
    }

    /** The parent's hash. */
    public Bytes parentHash() {
        return template.parentHash();
    }
}
