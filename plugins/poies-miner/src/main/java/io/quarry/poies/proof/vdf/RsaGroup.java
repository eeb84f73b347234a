package io.quarry.poies.proof.vdf;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.proof.codec.CanonicalWriter;
import java.math.BigInteger;

/**
 * The group of unknown order the VDF works in: the integers modulo RSA-2048 up to sign, {@code (Z/NZ)* / {+1, -1}}.
 *
 * <p>N is RSA-2048, the 617-digit, 2048-bit semiprime of the RSA Factoring Challenge (RSA Laboratories, 1991,
 * once carrying a US$200,000 prize). Its factors were destroyed when it was generated and nobody has factored it,
 * so nobody knows the group's order; that is what makes {@code g^(2^T)} take T sequential squarings. Quotienting
 * by {@code {+1, -1}} removes the one element of small order everyone knows ({@code -1}), the usual fix for
 * RSA groups (Boneh, Bünz and Fisch, "A Survey of Two Verifiable Delay Functions", 2018). An element is written
 * in its canonical form {@code min(x, N - x)}, a value in {@code [1, (N - 1) / 2]}.
 */
final class RsaGroup {

    /** RSA-2048 in decimal, in 50-digit groups as published. */
    private static final String RSA_2048 = ""
            + "25195908475657893494027183240048398571429282126204"
            + "03202777713783604366202070759555626401852588078440"
            + "69182906412495150821892985591491761845028084891200"
            + "72844992687392807287776735971418347270261896375014"
            + "97182469116507761337985909570009733045974880842840"
            + "17974291006424586918171951187461215151726546322822"
            + "16869987549182422433637259085141865462043576798423"
            + "38718477444792073993423658482382428119816381501067"
            + "48104516603773060562016196762561338441436038339044"
            + "14952634432190114657544454178424020924616515723350"
            + "77870774981712577246796292638635637328991215483143"
            + "81678998850404453640235273819513786365643912120103"
            + "97122822120720357";

    /** The modulus N. */
    static final BigInteger MODULUS = new BigInteger(RSA_2048);
    /** Bytes of an element on the wire: N is 2048 bits. */
    static final int ELEMENT_BYTES = 256;

    private static final BigInteger HALF = MODULUS.shiftRight(1);
    private static final String HASH_TAG = "quarry:poies:vdf:v1:hash-to-group";

    private RsaGroup() {
    }

    /** The canonical form of {@code x mod N}: {@code min(x, N - x)}. */
    static BigInteger canonical(BigInteger x) {
        BigInteger r = x.mod(MODULUS);
        return r.compareTo(HALF) > 0 ? MODULUS.subtract(r) : r;
    }

    /** Whether {@code x} is an element in canonical form other than the identity. */
    static boolean isCanonicalNonIdentity(BigInteger x) {
        return x.compareTo(BigInteger.ONE) > 0 && x.compareTo(HALF) <= 0;
    }

    /** {@code base^exponent} in the group, canonical. */
    static BigInteger pow(BigInteger base, BigInteger exponent) {
        return canonical(base.modPow(exponent, MODULUS));
    }

    /** {@code a * b} in the group, canonical. */
    static BigInteger multiply(BigInteger a, BigInteger b) {
        return canonical(a.multiply(b).mod(MODULUS));
    }

    /**
     * Hashes {@code seed} to an element: Keccak-256 in counter mode gives 2304 bits (256 more than N, so the
     * reduction mod N is unbiased to within 2^-256), reduced and made canonical; counters that land on 0 or 1
     * (never seen in practice) move on to the next block.
     */
    static BigInteger hashToElement(Bytes seed) {
        for (int attempt = 0; ; attempt++) {
            byte[] wide = new byte[ELEMENT_BYTES + 32];
            for (int block = 0; block < wide.length / 32; block++) {
                Bytes part = CanonicalWriter.tagged(HASH_TAG).fixed(seed).u32(attempt).u32(block).keccak256();
                part.copyTo(wide, block * 32);
            }
            BigInteger element = canonical(new BigInteger(1, wide));
            if (isCanonicalNonIdentity(element)) {
                return element;
            }
        }
    }

    /** {@code x} as {@link #ELEMENT_BYTES} big-endian bytes. */
    static byte[] toBytes(BigInteger x) {
        byte[] raw = x.toByteArray();
        byte[] out = new byte[ELEMENT_BYTES];
        int copy = Math.min(raw.length, ELEMENT_BYTES);
        System.arraycopy(raw, raw.length - copy, out, ELEMENT_BYTES - copy, copy);
        return out;
    }
}
