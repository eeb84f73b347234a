package io.quarry.poies.proof.vdf;

import java.math.BigInteger;

/**
 * The Baillie-PSW probable-prime test: a strong Fermat test to base 2 followed by a strong Lucas test with
 * Selfridge's parameters (method A). Unlike {@link BigInteger#isProbablePrime}, which draws random bases, it is
 * deterministic, so a prover and every verifier derive the same Fiat-Shamir prime; no composite is known to
 * pass it.
 */
final class PrimeTest {

    private static final BigInteger TWO = BigInteger.TWO;
    private static final int[] SMALL_PRIMES = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67,
        71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181,
        191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251};

    private PrimeTest() {
    }

    /** Whether {@code n} is prime (Baillie-PSW; exact for every n below 2^64, and no counterexample is known). */
    static boolean isPrime(BigInteger n) {
        if (n.signum() <= 0 || n.equals(BigInteger.ONE)) {
            return false;
        }
        if (n.equals(TWO)) {
            return true;
        }
        if (!n.testBit(0)) {
            return false;
        }
        for (int p : SMALL_PRIMES) {
            BigInteger bp = BigInteger.valueOf(p);
            if (n.equals(bp)) {
                return true;
            }
            if (n.mod(bp).signum() == 0) {
                return false;
            }
        }
        return strongFermatBase2(n) && strongLucas(n);
    }

    private static boolean strongFermatBase2(BigInteger n) {
        BigInteger nMinusOne = n.subtract(BigInteger.ONE);
        int s = nMinusOne.getLowestSetBit();
        BigInteger x = TWO.modPow(nMinusOne.shiftRight(s), n);
        if (x.equals(BigInteger.ONE) || x.equals(nMinusOne)) {
            return true;
        }
        for (int r = 1; r < s; r++) {
            x = x.multiply(x).mod(n);
            if (x.equals(nMinusOne)) {
                return true;
            }
            if (x.equals(BigInteger.ONE)) {
                return false;
            }
        }
        return false;
    }

    /** Strong Lucas test with P = 1, Q = (1 - D) / 4, D the first of 5, -7, 9, -11, ... with (D/n) = -1. */
    private static boolean strongLucas(BigInteger n) {
        if (isSquare(n)) {
            return false; // no D with (D/n) = -1 exists; and a square is composite
        }
        long d = 5;
        while (true) {
            int jacobi = jacobi(BigInteger.valueOf(d), n);
            if (jacobi == -1) {
                break;
            }
            if (jacobi == 0 && BigInteger.valueOf(Math.abs(d)).compareTo(n) != 0) {
                return false; // |D| shares a factor with n
            }
            d = d > 0 ? -(d + 2) : -(d - 2);
        }
        BigInteger bigD = BigInteger.valueOf(d).mod(n);
        BigInteger q = BigInteger.valueOf((1 - d) / 4).mod(n);
        BigInteger nPlusOne = n.add(BigInteger.ONE);
        int s = nPlusOne.getLowestSetBit();
        BigInteger k = nPlusOne.shiftRight(s);

        // Left-to-right binary ladder over k computing U_k, V_k and Q^k (P = 1).
        BigInteger u = BigInteger.ONE;
        BigInteger v = BigInteger.ONE;
        BigInteger qk = q;
        for (int bit = k.bitLength() - 2; bit >= 0; bit--) {
            u = u.multiply(v).mod(n);
            v = v.multiply(v).subtract(qk.shiftLeft(1)).mod(n);
            qk = qk.multiply(qk).mod(n);
            if (k.testBit(bit)) {
                BigInteger nextU = half(u.add(v), n);
                BigInteger nextV = half(bigD.multiply(u).add(v), n);
                u = nextU;
                v = nextV;
                qk = qk.multiply(q).mod(n);
            }
        }
        if (u.signum() == 0 || v.signum() == 0) {
            return true;
        }
        for (int r = 1; r < s; r++) {
            v = v.multiply(v).subtract(qk.shiftLeft(1)).mod(n);
            if (v.signum() == 0) {
                return true;
            }
            qk = qk.multiply(qk).mod(n);
        }
        return false;
    }

    /** x / 2 mod n for odd n. */
    private static BigInteger half(BigInteger x, BigInteger n) {
        BigInteger r = x.mod(n);
        if (r.testBit(0)) {
            r = r.add(n);
        }
        return r.shiftRight(1);
    }

    private static boolean isSquare(BigInteger n) {
        BigInteger root = n.sqrt();
        return root.multiply(root).equals(n);
    }

    /** The Jacobi symbol (a/n) for odd positive n. */
    static int jacobi(BigInteger a, BigInteger n) {
        a = a.mod(n);
        int result = 1;
        while (a.signum() != 0) {
            int twos = a.getLowestSetBit();
            a = a.shiftRight(twos);
            int nMod8 = n.intValue() & 7;
            if ((twos & 1) == 1 && (nMod8 == 3 || nMod8 == 5)) {
                result = -result;
            }
            if ((a.intValue() & 3) == 3 && (n.intValue() & 3) == 3) {
                result = -result;
            }
            BigInteger t = a;
            a = n.mod(t);
            n = t;
        }
        return n.equals(BigInteger.ONE) ? result : 0;
    }
}
