package io.quarry.poies.hash;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ShareDigest;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The u-draw ({@code docs/poies-canonical-header.md} section 3): {@code u} is the first 32 bytes of the share digest
 * read as an unsigned big-endian integer, and {@code H(u) = -ln(u / 2^256)} in nats. H(u) is Exp(1)-distributed, so a
 * share reaches {@code t} nats with probability {@code e^-t}.
 *
 * <p>Consensus uses {@link #hMicro}: H(u) in micro-nats, computed in integer fixed point with 192 fractional
 * bits and floored. {@code H = (256 - b) ln 2 - ln(x)} where {@code b} is u's bit length and
 * {@code x = u / 2^b} in [1/2, 1); {@code -ln(x) = 2 atanh(w)} with {@code w = (1 - x) / (1 + x)} in [0, 1/3],
 * summed as {@code w + w^3/3 + w^5/5 + ...} until the terms vanish. Every step truncates toward zero; the total
 * error is below 2^-150 micro-nats, so the result is the floor of the exact value unless that value lies that
 * close to an integer, and the same on every machine in any case (no floating point). {@code u = 0}, which the
 * formula would make infinite, counts as {@code u = 1} (H = 256 ln 2, {@value #MAX_H_MICRO_TEXT}); the top value
 * {@code u = 2^256 - 1} gives 0.
 */
public final class UDraw {

    /** Fractional bits of the fixed-point arithmetic. */
    public static final int FRACTION_BITS = 192;
    /** 256 ln 2 in micro-nats, floored: H of the smallest u. */
    public static final long MAX_H_MICRO;
    /** One million: micro-nats per nat, ppm per unit. */
    public static final long MICRO = 1_000_000L;

    static final String MAX_H_MICRO_TEXT = "177,445,678 micro-nats";

    private static final BigInteger ONE = BigInteger.ONE.shiftLeft(FRACTION_BITS);
    private static final BigInteger LN2 = negLn(ONE.shiftRight(1));
    private static final BigInteger MICRO_BIG = BigInteger.valueOf(MICRO);
    private static final BigInteger U_LIMIT = BigInteger.ONE.shiftLeft(256);
    private static final BigDecimal TWO_64 = new BigDecimal(BigInteger.ONE.shiftLeft(64));

    static {
        MAX_H_MICRO = hMicro(BigInteger.ONE);
    }

    private UDraw() {
    }

    /** H(u) in micro-nats for {@code u} in [0, 2^256). */
    public static long hMicro(BigInteger u) {
        if (u.signum() < 0 || u.compareTo(U_LIMIT) >= 0) {
            throw new IllegalArgumentException("u must be in [0, 2^256), has " + u.bitLength() + " bits");
        }
        BigInteger draw = u.signum() == 0 ? BigInteger.ONE : u;
        int bits = draw.bitLength();
        BigInteger x = bits <= FRACTION_BITS ? draw.shiftLeft(FRACTION_BITS - bits)
                : draw.shiftRight(bits - FRACTION_BITS); // drops bits below 2^-192 relative: inside the error bound
        BigInteger h = LN2.multiply(BigInteger.valueOf(256 - bits)).add(negLn(x));
        return h.multiply(MICRO_BIG).shiftRight(FRACTION_BITS).longValueExact();
    }

    /** H(u) in micro-nats for a 32-byte u. */
    public static long hMicro(Bytes u) {
        if (u.length() != ShareDigest.U_LENGTH) {
            throw new IllegalArgumentException("u has 32 bytes, this one " + u.length());
        }
        return hMicro(new BigInteger(1, u.toArray()));
    }

    /** H(u) in micro-nats for the u at the start of a 64-byte share digest. */
    public static long hMicroOfDigest(byte[] digest) {
        byte[] u = new byte[ShareDigest.U_LENGTH];
        System.arraycopy(digest, 0, u, 0, u.length);
        return hMicro(new BigInteger(1, u));
    }

    /**
     * The share's depth relative to Theta in parts per million, {@code floor(hMicro * 10^6 / thetaMicro)}: the
     * HashShare's {@code d_ratio_ppm}. 1,000,000 means H(u) alone meets Theta.
     */
    public static long dRatioPpm(long hMicro, long thetaMicro) {
        if (hMicro < 0 || hMicro > MAX_H_MICRO || thetaMicro < 1) {
            throw new IllegalArgumentException("need 0 <= hMicro <= " + MAX_H_MICRO + " and thetaMicro >= 1, have "
                    + hMicro + " and " + thetaMicro);
        }
        return hMicro * MICRO / thetaMicro; // at most 1.8e14: no overflow
    }

    /**
     * The HashShare of {@code nonce} on {@code template}, through the reference digest: what a verifier computes,
     * and what a scanner's candidate must equal.
     */
    public static HashShare share(HeaderTemplate template, long nonce) {
        Bytes digest = ShareDigest.compute(template, nonce);
        long h = hMicro(ShareDigest.u(digest));
        return HashShare.of(template, nonce, digest, dRatioPpm(h, template.thetaMicro()));
    }

    /**
     * A cheap pre-filter for scanners: an unsigned limit on u's top 64 bits such that every u with
     * {@code hMicro(u) >= targetMicro} has {@code Long.compareUnsigned(u >>> 192, limit) <= 0}. It errs on the
     * generous side (about {@code 2^64 e^-t} plus a relative 2^-30 and one), so candidates it passes still need
     * the exact {@link #hMicro} check; it never drops one that would pass.
     */
    public static long prefilterLimit(long targetMicro) {
        if (targetMicro <= 0) {
            return -1L; // every u: 2^64 - 1 unsigned
        }
        double fraction = Math.exp(-(double) targetMicro / MICRO) * (1 + 0x1p-30);
        BigDecimal limit = TWO_64.multiply(new BigDecimal(fraction)).add(BigDecimal.ONE);
        return limit.compareTo(TWO_64) >= 0 ? -1L : limit.toBigInteger().longValue();
    }

    /** {@code -ln(x)} in fixed point for {@code x} in [1/2, 1] in fixed point. */
    private static BigInteger negLn(BigInteger x) {
        BigInteger w = ONE.subtract(x).shiftLeft(FRACTION_BITS).divide(ONE.add(x));
        BigInteger w2 = w.multiply(w).shiftRight(FRACTION_BITS);
        BigInteger sum = BigInteger.ZERO;
        BigInteger power = w;
        for (long k = 1; power.signum() != 0; k += 2) {
            sum = sum.add(power.divide(BigInteger.valueOf(k)));
            power = power.multiply(w2).shiftRight(FRACTION_BITS);
        }
        return sum.shiftLeft(1);
    }
}
