package io.quarry.subnet.crypto;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.util.Random;

/** Conversions between curve25519-elisabeth (the reference) and the verifier's own arithmetic, for tests. */
final class Reference {

    private Reference() {
    }

    static Scalar scalar(Random random) {
        byte[] wide = new byte[64];
        random.nextBytes(wide);
        return Scalar.fromBytesModOrderWide(wide);
    }

    static RistrettoElement element(Random random) {
        return Constants.RISTRETTO_GENERATOR_TABLE.multiply(scalar(random));
    }

    /** A representative of {@code e} decoded by {@link Ristretto255#decode}. */
    static long[] point(RistrettoElement e) {
        long[] p = new long[Edwards25519.EXTENDED];
        if (!Ristretto255.decode(p, e.compress().toByteArray(), 0)) {
            throw new AssertionError("a valid element did not decode");
        }
        return p;
    }

    /** {@link Ristretto255#encode} of {@code p}. */
    static byte[] encode(long[] p) {
        byte[] out = new byte[32];
        Ristretto255.encode(out, 0, p);
        return out;
    }

    /** elisabeth's element for the encoding of {@code p}. */
    static RistrettoElement element(long[] p) {
        try {
            return new CompressedRistretto(encode(p)).decompress();
        } catch (InvalidEncodingException e) {
            throw new AssertionError("an encoding did not decode in elisabeth", e);
        }
    }
}
