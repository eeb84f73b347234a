package io.quarry.poies.model;

/**
 * The share digest ({@code docs/poies-canonical-header.md} section 3),
 * {@code Keccak-512(canonical_header_without_nonce || nonce || mixSeed)}, computed with the reference Keccak.
 * The first 32 bytes, read as an unsigned big-endian integer, are the u-draw {@code u}.
 */
public final class ShareDigest {

    /** Bytes of a digest. */
    public static final int LENGTH = 64;
    /** Bytes of u, the digest's prefix. */
    public static final int U_LENGTH = 32;

    private ShareDigest() {
    }

    /** The digest of {@code template} with {@code nonce}. */
    public static Bytes compute(HeaderTemplate template, long nonce) {
        return compute(CanonicalHeader.encode(template), nonce, template.mixSeed());
    }

    /** The digest of an already encoded header with {@code nonce} and {@code mixSeed}. */
    public static Bytes compute(byte[] canonicalHeader, long nonce, Bytes mixSeed) {
        return Bytes.of(Keccak.keccak512(canonicalHeader, Nonce.toBytes(nonce), mixSeed.toArray()));
    }

    /** u: the first 32 bytes of {@code digest}. */
    public static Bytes u(Bytes digest) {
        if (digest.length() != LENGTH) {
            throw new IllegalArgumentException("a share digest has 64 bytes, this one " + digest.length());
        }
        return Bytes.of(digest.toArray(), 0, U_LENGTH);
    }
}
