package io.quarry.subnet.crypto;

import java.math.BigInteger;

/** Field constants of edwards25519 and Ristretto255 (RFC 8032, RFC 9496) as {@link Field25519} elements. */
final class Constants25519 {

    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** The curve constant {@code d = -121665/121666}. */
    static final long[] D = of(BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)));
    static final long[] D2 = of(BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P))
            .shiftLeft(1));
    /** {@code sqrt(-1) = 2^((p-1)/4)}. */
    static final long[] SQRT_M1 = of(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P));
    /** {@code 1/sqrt(a - d)} with {@code a = -1}, RFC 9496's {@code INVSQRT_A_MINUS_D}. */
    static final long[] INVSQRT_A_MINUS_D = of(new BigInteger(
            "54469307008909316920995813868745141605393597292927456921205312896311721017578"));

    private Constants25519() {
    }

    /** {@code v mod p} as a reduced element. */
    static long[] of(BigInteger v) {
        BigInteger x = v.mod(P);
        long[] r = Field25519.element();
        BigInteger mask = BigInteger.TWO.pow(51).subtract(BigInteger.ONE);
        for (int i = 0; i < Field25519.LIMBS; i++) {
            r[i] = x.shiftRight(51 * i).and(mask).longValueExact();
        }
        return r;
    }

    /** The value of element {@code a} at {@code ao}, reduced mod p (for tests and checks). */
    static BigInteger value(long[] a, int ao) {
        BigInteger x = BigInteger.ZERO;
        for (int i = Field25519.LIMBS - 1; i >= 0; i--) {
            x = x.shiftLeft(51).add(BigInteger.valueOf(a[ao + i]));
        }
        return x.mod(P);
    }
}
