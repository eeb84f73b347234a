package io.quarry.subnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Field25519} against {@link BigInteger} arithmetic mod 2^255 - 19 on random and extreme inputs. */
class Field25519Test {

    private static final BigInteger P = Constants25519.P;
    private static final long LIMB_MAX = (1L << 51) + (1L << 16) - 1;

    /** Random elements within the invariant: reduced ones, unreduced limbs up to the bound, and the extremes. */
    private static long[] random(Random random, int i) {
        long[] a = Field25519.element();
        switch (i % 5) {
            case 0 -> a = Constants25519.of(new BigInteger(255, random));
            case 1 -> {
                for (int j = 0; j < 5; j++) {
                    a[j] = LIMB_MAX - (random.nextInt(4) == 0 ? 0 : random.nextLong(1L << 20));
                }
            }
            case 2 -> a = Constants25519.of(P.subtract(BigInteger.valueOf(random.nextInt(40))));
            case 3 -> {
                for (int j = 0; j < 5; j++) {
                    a[j] = random.nextLong(LIMB_MAX + 1);
                }
            }
            default -> a = Constants25519.of(BigInteger.valueOf(random.nextInt(40)));
        }
        return a;
    }

    private static BigInteger v(long[] a) {
        return Constants25519.value(a, 0);
    }

    private static void assertWithinInvariant(long[] a) {
        for (long limb : a) {
            assertThat(limb).isBetween(0L, LIMB_MAX);
        }
    }

    @Test
    void ringOperationsMatchBigInteger() {
        Random random = new Random(1);
        long[] r = Field25519.element();
        for (int i = 0; i < 5000; i++) {
            long[] a = random(random, i);
            long[] b = random(random, i / 5 + 3);
            Field25519.mul(r, 0, a, 0, b, 0);
            assertWithinInvariant(r);
            assertThat(v(r)).isEqualTo(v(a).multiply(v(b)).mod(P));
            Field25519.sqr(r, 0, a, 0);
            assertWithinInvariant(r);
            assertThat(v(r)).isEqualTo(v(a).multiply(v(a)).mod(P));
            Field25519.add(r, 0, a, 0, b, 0);
            assertWithinInvariant(r);
            assertThat(v(r)).isEqualTo(v(a).add(v(b)).mod(P));
            Field25519.sub(r, 0, a, 0, b, 0);
            assertWithinInvariant(r);
            assertThat(v(r)).isEqualTo(v(a).subtract(v(b)).mod(P));
            Field25519.neg(r, 0, a, 0);
            assertWithinInvariant(r);
            assertThat(v(r)).isEqualTo(v(a).negate().mod(P));
        }
    }

    @Test
    void lazySumsAndDifferencesStayBelowTwoToThe53AndMultiply() {
        Random random = new Random(6);
        long[] sum = Field25519.element();
        long[] difference = Field25519.element();
        long[] r = Field25519.element();
        long bound = 1L << 53;
        for (int i = 0; i < 3000; i++) {
            long[] a = random(random, i);
            long[] b = random(random, i / 5 + 1);
            Field25519.addLazy(sum, 0, a, 0, b, 0);
            Field25519.subLazy(difference, 0, a, 0, b, 0);
            for (int j = 0; j < 5; j++) {
                assertThat(sum[j]).isBetween(0L, bound - 1);
                assertThat(difference[j]).isBetween(0L, bound - 1);
            }
            assertThat(v(sum)).isEqualTo(v(a).add(v(b)).mod(P));
            assertThat(v(difference)).isEqualTo(v(a).subtract(v(b)).mod(P));
            Field25519.mul(r, 0, sum, 0, difference, 0);
            assertWithinInvariant(r);
            assertThat(v(r)).isEqualTo(v(sum).multiply(v(difference)).mod(P));
            Field25519.sqr(r, 0, difference, 0);
            assertWithinInvariant(r);
            assertThat(v(r)).isEqualTo(v(difference).pow(2).mod(P));
        }
        // The extreme: every limb 2^53 - 1.
        long[] max = {bound - 1, bound - 1, bound - 1, bound - 1, bound - 1};
        Field25519.mul(r, 0, max, 0, max, 0);
        assertWithinInvariant(r);
        assertThat(v(r)).isEqualTo(v(max).pow(2).mod(P));
        Field25519.sqr(r, 0, max, 0, 3);
        assertWithinInvariant(r);
        assertThat(v(r)).isEqualTo(v(max).pow(8).mod(P));
    }

    @Test
    void operationsMayWriteOverTheirInputs() {
        Random random = new Random(2);
        for (int i = 0; i < 200; i++) {
            long[] a = random(random, i);
            long[] b = random(random, i + 1);
            BigInteger expected = v(a).multiply(v(b)).mod(P);
            Field25519.mul(a, 0, a, 0, b, 0);
            assertThat(v(a)).isEqualTo(expected);
            expected = v(b).multiply(v(b)).mod(P);
            Field25519.sqr(b, 0, b, 0);
            assertThat(v(b)).isEqualTo(expected);
        }
    }

    @Test
    void inversionAndPowersMatchBigInteger() {
        Random random = new Random(3);
        long[] r = Field25519.element();
        BigInteger p58 = P.subtract(BigInteger.valueOf(5)).shiftRight(3);
        for (int i = 0; i < 200; i++) {
            long[] a = random(random, i);
            Field25519Powers.invert(r, 0, a, 0);
            assertThat(v(r)).isEqualTo(v(a).modPow(P.subtract(BigInteger.TWO), P));
            Field25519Powers.powP58(r, 0, a, 0);
            assertThat(v(r)).isEqualTo(v(a).modPow(p58, P));
        }
    }

    @Test
    void encodingIsCanonicalAndDecodingIgnoresTheTopBit() {
        Random random = new Random(4);
        byte[] out = new byte[32];
        long[] r = Field25519.element();
        for (int i = 0; i < 2000; i++) {
            long[] a = random(random, i);
            Field25519.toBytes(out, 0, a, 0);
            assertThat(new BigInteger(1, reversed(out))).isEqualTo(v(a));
            byte[] any = new byte[32];
            random.nextBytes(any);
            Field25519.fromBytes(r, 0, any, 0);
            any[31] &= 0x7f;
            assertThat(v(r)).isEqualTo(new BigInteger(1, reversed(any)).mod(P));
        }
        // p .. 2^255 - 1 are not reduced: each encodes as its value minus p.
        for (int k = 0; k < 19; k++) {
            BigInteger x = P.add(BigInteger.valueOf(k));
            long[] a = Field25519.element();
            Field25519.fromBytes(a, 0, reversed(Constants25519Bytes.be32(x)), 0);
            Field25519.toBytes(out, 0, a, 0);
            assertThat(new BigInteger(1, reversed(out))).isEqualTo(BigInteger.valueOf(k));
        }
    }

    @Test
    void squareRootOfARatioFollowsTheRistrettoDefinition() {
        Random random = new Random(5);
        long[] r = Field25519.element();
        BigInteger i = v(Constants25519.SQRT_M1);
        int squares = 0;
        for (int n = 0; n < 300; n++) {
            long[] u = random(random, n);
            long[] w = random(random, n + 2);
            boolean square = Field25519Powers.sqrtRatioM1(r, 0, u, 0, w, 0);
            BigInteger root = v(r);
            assertThat(root.testBit(0)).as("non-negative root").isFalse();
            BigInteger check = root.multiply(root).multiply(v(w)).mod(P);
            if (v(w).signum() == 0) {
                assertThat(square).isEqualTo(v(u).signum() == 0);
                assertThat(root).isZero();
            } else if (square) {
                squares++;
                assertThat(check).isEqualTo(v(u));
            } else {
                assertThat(check).isEqualTo(v(u).multiply(i).mod(P));
            }
            // Euler's criterion decides which case applies.
            if (v(w).signum() != 0 && v(u).signum() != 0) {
                BigInteger ratio = v(u).multiply(v(w).modInverse(P)).mod(P);
                boolean qr = ratio.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
                assertThat(square).isEqualTo(qr);
            }
        }
        assertThat(squares).isBetween(50, 250);
    }

    @Test
    void constantsSatisfyTheirDefinitions() {
        BigInteger d = v(Constants25519.D);
        assertThat(d.multiply(BigInteger.valueOf(121666)).add(BigInteger.valueOf(121665)).mod(P)).isZero();
        assertThat(v(Constants25519.D2)).isEqualTo(d.shiftLeft(1).mod(P));
        BigInteger i = v(Constants25519.SQRT_M1);
        assertThat(i.multiply(i).mod(P)).isEqualTo(P.subtract(BigInteger.ONE));
        BigInteger inv = v(Constants25519.INVSQRT_A_MINUS_D);
        assertThat(inv.multiply(inv).multiply(BigInteger.ONE.negate().subtract(d)).mod(P)).isEqualTo(BigInteger.ONE);
    }

    private static byte[] reversed(byte[] a) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    /** Big-endian 32-byte encodings for the tests. */
    private static final class Constants25519Bytes {
        static byte[] be32(BigInteger x) {
            byte[] raw = x.toByteArray();
            byte[] out = new byte[32];
            int n = Math.min(raw.length, 32);
            System.arraycopy(raw, raw.length - n, out, 32 - n, n);
            return out;
        }
    }
}
