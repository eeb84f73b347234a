package io.quarry.poies.proof.vdf;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.proof.codec.CanonicalWriter;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Wesolowski's verifiable delay function ("Efficient verifiable delay functions", EUROCRYPT 2019) in
 * {@link RsaGroup}: the output is {@code y = g^(2^T)}, computed by T sequential squarings; the proof is
 * {@code pi = g^floor(2^T / l)} for a Fiat-Shamir prime {@code l = HashToPrime(g, y, T)}; a verifier computes
 * {@code r = 2^T mod l} and accepts when {@code pi^l * g^r = y}, which costs two exponentiations by numbers
 * below {@code l} instead of T squarings.
 */
final class Wesolowski {

    /** Bits of the Fiat-Shamir prime: twice the 128-bit security level. */
    static final int PRIME_BITS = 256;

    private static final String PRIME_TAG = "quarry:poies:vdf:v1:prime";
    private static final int MAX_PRIME_ATTEMPTS = 1 << 16;

    private Wesolowski() {
    }

    /** An evaluated VDF: output and proof, both canonical group elements. */
    record Output(BigInteger y, BigInteger pi) {
    }

    /**
     * Evaluates the VDF on input {@code g} for {@code iterations} squarings and proves it. Costs about
     * {@code 2 * iterations} squarings: T for y, then T for pi (the exponent {@code floor(2^T / l)} is a T-bit
     * number).
     */
    static Output prove(BigInteger g, long iterations) {
        Objects.requireNonNull(g, "g");
        BigInteger twoToT = BigInteger.ONE.shiftLeft(Math.toIntExact(iterations));
        // modPow with the exponent 2^T is exactly T sequential modular squarings (Montgomery form inside).
        BigInteger y = RsaGroup.pow(g, twoToT);
        BigInteger l = prime(g, y, iterations);
        BigInteger pi = RsaGroup.pow(g, twoToT.divide(l));
        return new Output(y, pi);
    }

    /** Whether {@code pi} proves that {@code y = g^(2^iterations)}. */
    static boolean verify(BigInteger g, long iterations, BigInteger y, BigInteger pi) {
        if (!RsaGroup.isCanonicalNonIdentity(g) || !RsaGroup.isCanonicalNonIdentity(y)
                || !RsaGroup.isCanonicalNonIdentity(pi) || iterations < 1) {
            return false;
        }
        BigInteger l = prime(g, y, iterations);
        BigInteger r = BigInteger.TWO.modPow(BigInteger.valueOf(iterations), l);
        BigInteger check = RsaGroup.multiply(RsaGroup.pow(pi, l), RsaGroup.pow(g, r));
        return check.equals(y);
    }

    /**
     * The Fiat-Shamir prime: the first {@code c} of the sequence {@code Keccak-256(tag || g || y || T || counter)}
     * (top bit and low bit set) that passes {@link PrimeTest}. About 90 candidates are tried on average.
     */
    static BigInteger prime(BigInteger g, BigInteger y, long iterations) {
        CanonicalWriter base = CanonicalWriter.tagged(PRIME_TAG).fixed(RsaGroup.toBytes(g)).fixed(RsaGroup.toBytes(y))
                .u64(iterations);
        byte[] prefix = base.toByteArray();
        for (int counter = 0; counter < MAX_PRIME_ATTEMPTS; counter++) {
            Bytes digest = CanonicalWriter.tagged(PRIME_TAG).sized(prefix).u32(counter).keccak256();
            BigInteger candidate = new BigInteger(1, digest.toArray()).setBit(PRIME_BITS - 1).setBit(0);
            if (PrimeTest.isPrime(candidate)) {
                return candidate;
            }
        }
        // Each candidate is prime with probability about 1/89; 65536 misses in a row do not happen.
        throw new IllegalStateException("no prime among " + MAX_PRIME_ATTEMPTS + " candidates");
    }
}
