package io.quarry.subnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import cafe.cryptography.curve25519.RistrettoElement;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Point arithmetic and Ristretto255 encoding against curve25519-elisabeth on random elements. */
class Edwards25519Test {

    private final long[] w = new long[Edwards25519.WORKSPACE];

    @Test
    void decodeThenEncodeGivesTheSameBytesAsElisabeth() {
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            RistrettoElement e = Reference.element(random);
            assertThat(Reference.encode(Reference.point(e))).isEqualTo(e.compress().toByteArray());
        }
        assertThat(Reference.encode(Edwards25519.identity())).isEqualTo(new byte[32]);
        assertThat(Reference.encode(Reference.point(RistrettoElement.IDENTITY))).isEqualTo(new byte[32]);
    }

    @Test
    void additionSubtractionAndDoublingMatchElisabeth() {
        Random random = new Random(2);
        long[] cached = new long[Edwards25519.CACHED];
        long[] affine = new long[Edwards25519.AFFINE];
        for (int i = 0; i < 200; i++) {
            RistrettoElement a = Reference.element(random);
            RistrettoElement b = i % 10 == 0 ? a : Reference.element(random);
            long[] pb = Reference.point(b);
            Edwards25519.toCached(cached, 0, pb);
            Edwards25519.toAffine(affine, pb, 1);

            long[] p = Reference.point(a);
            Edwards25519.addCached(p, cached, 0, false, w);
            assertThat(Reference.encode(p)).isEqualTo(a.add(b).compress().toByteArray());
            p = Reference.point(a);
            Edwards25519.addCached(p, cached, 0, true, w);
            assertThat(Reference.encode(p)).isEqualTo(a.subtract(b).compress().toByteArray());
            p = Reference.point(a);
            Edwards25519.addAffine(p, affine, 0, false, w);
            assertThat(Reference.encode(p)).isEqualTo(a.add(b).compress().toByteArray());
            p = Reference.point(a);
            Edwards25519.addAffine(p, affine, 0, true, w);
            assertThat(Reference.encode(p)).isEqualTo(a.subtract(b).compress().toByteArray());
            p = Reference.point(a);
            Edwards25519.dbl(p, w);
            assertThat(Reference.encode(p)).isEqualTo(a.dbl().compress().toByteArray());
            p = Reference.point(a);
            Edwards25519.dbl(p, w, false); // T stale, then a doubling that reads only X, Y, Z
            Edwards25519.dbl(p, w, true);
            assertThat(Reference.encode(p)).isEqualTo(a.dbl().dbl().compress().toByteArray());
            p = Reference.point(a);
            Edwards25519.negate(p);
            assertThat(Reference.encode(p)).isEqualTo(a.negate().compress().toByteArray());
        }
    }

    @Test
    void batchAffineConversionKeepsEveryPoint() {
        Random random = new Random(3);
        int n = 17;
        RistrettoElement[] elements = new RistrettoElement[n];
        long[] points = new long[n * Edwards25519.EXTENDED];
        for (int i = 0; i < n; i++) {
            elements[i] = Reference.element(random);
            long[] p = Reference.point(elements[i]);
            Edwards25519.dbl(p, w); // Z != 1
            elements[i] = elements[i].dbl();
            System.arraycopy(p, 0, points, i * Edwards25519.EXTENDED, Edwards25519.EXTENDED);
        }
        long[] affine = new long[n * Edwards25519.AFFINE];
        Edwards25519.toAffine(affine, points, n);
        for (int i = 0; i < n; i++) {
            long[] p = Edwards25519.identity();
            Edwards25519.addAffine(p, affine, i * Edwards25519.AFFINE, false, w);
            assertThat(Reference.encode(p)).isEqualTo(elements[i].compress().toByteArray());
        }
    }

    @Test
    void decodeAcceptsAndRefusesExactlyWhatElisabethDoes() {
        Random random = new Random(4);
        int valid = 0;
        long[] p = new long[Edwards25519.EXTENDED];
        for (int i = 0; i < 4000; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            if (i % 2 == 0) {
                bytes[0] &= (byte) 0xfe; // even
                bytes[31] &= 0x7f; // below 2^255
            }
            boolean reference;
            try {
                new cafe.cryptography.curve25519.CompressedRistretto(bytes.clone()).decompress();
                reference = true;
            } catch (cafe.cryptography.curve25519.InvalidEncodingException e) {
                reference = false;
            }
            boolean ours = Ristretto255.decode(p, bytes, 0);
            assertThat(ours).as("%s", java.util.HexFormat.of().formatHex(bytes)).isEqualTo(reference);
            if (ours) {
                valid++;
                assertThat(Reference.encode(p)).isEqualTo(bytes);
            }
        }
        assertThat(valid).isGreaterThan(100);
    }

    @Test
    void decodeRefusesNonCanonicalAndNegativeEncodings() {
        long[] p = new long[Edwards25519.EXTENDED];
        // p itself, p + 2 and 2^255 - 1 encode even values that are not reduced.
        byte[] pBytes = new byte[32];
        java.util.Arrays.fill(pBytes, (byte) 0xff);
        pBytes[31] = 0x7f;
        pBytes[0] = (byte) 0xed;
        assertThat(Ristretto255.decode(p, pBytes, 0)).isFalse();
        pBytes[0] = (byte) 0xef;
        assertThat(Ristretto255.decode(p, pBytes, 0)).isFalse();
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertThat(Ristretto255.decode(p, ones, 0)).isFalse();
        // A valid element's encoding with the top bit set, and its negation's (odd) encoding.
        byte[] valid = Reference.element(new Random(5)).compress().toByteArray();
        assertThat(Ristretto255.decode(p, valid, 0)).isTrue();
        byte[] top = valid.clone();
        top[31] |= (byte) 0x80;
        assertThat(Ristretto255.decode(p, top, 0)).isFalse();
        long[] s = Field25519.element();
        Field25519.fromBytes(s, 0, valid, 0);
        Field25519.neg(s, 0, s, 0);
        byte[] negative = new byte[32];
        Field25519.toBytes(negative, 0, s, 0);
        assertThat(Ristretto255.decode(p, negative, 0)).isFalse();
    }
}
