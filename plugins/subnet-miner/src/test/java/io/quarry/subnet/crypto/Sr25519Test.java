package io.quarry.subnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Sr25519Test {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "0123.uuid.1700000000000.".getBytes(StandardCharsets.US_ASCII);
    private final Sr25519KeyPair pair = Sr25519.fromSeed(seed(7));

    @Test
    void verifiesItsOwnSignature() {
        byte[] signature = Sr25519.sign(pair, MESSAGE, RANDOM);
        assertThat(Sr25519.verify(MESSAGE, signature, pair.publicKey())).isTrue();
    }

    @Test
    void signaturesAreRandomizedButAllVerify() {
        byte[] a = Sr25519.sign(pair, MESSAGE, RANDOM);
        byte[] b = Sr25519.sign(pair, MESSAGE, RANDOM);
        assertThat(a).isNotEqualTo(b);
        assertThat(Sr25519.verify(MESSAGE, b, pair.publicKey())).isTrue();
    }

    @Test
    void rejectsAnotherMessageOrKey() {
        byte[] signature = Sr25519.sign(pair, MESSAGE, RANDOM);
        assertThat(Sr25519.verify("other".getBytes(StandardCharsets.US_ASCII), signature, pair.publicKey())).isFalse();
        assertThat(Sr25519.verify(MESSAGE, signature, Sr25519.fromSeed(seed(8)).publicKey())).isFalse();
    }

    @Test
    void rejectsAnotherSigningContext() {
        byte[] signature = Sr25519.sign(pair, MESSAGE, RANDOM);
        assertThat(Sr25519.verify("polkadot".getBytes(StandardCharsets.US_ASCII), MESSAGE, signature, pair.publicKey()))
                .isFalse();
    }

    @Test
    void rejectsASignatureWithoutTheSchnorrkelMarker() {
        byte[] signature = Sr25519.sign(pair, MESSAGE, RANDOM);
        signature[63] &= 0x7f;
        assertThat(Sr25519.verify(MESSAGE, signature, pair.publicKey())).isFalse();
    }

    @Test
    void rejectsANonCanonicalScalar() {
        byte[] signature = Sr25519.sign(pair, MESSAGE, RANDOM);
        // s + l has the same value mod l but is not its canonical encoding.
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        s[31] &= 0x7f;
        byte[] sPlusL = addOrder(s);
        if ((sPlusL[31] & 0x80) == 0) {
            System.arraycopy(sPlusL, 0, signature, 32, 32);
            signature[63] |= (byte) 0x80;
            assertThat(Sr25519.verify(MESSAGE, signature, pair.publicKey())).isFalse();
        }
        byte[] allOnes = signature.clone();
        Arrays.fill(allOnes, 32, 64, (byte) 0xff);
        assertThat(Sr25519.verify(MESSAGE, allOnes, pair.publicKey())).isFalse();
    }

    @Test
    void rejectsNonCanonicalPointEncodings() {
        byte[] signature = Sr25519.sign(pair, MESSAGE, RANDOM);
        // 2^255 - 1 is not a reduced field element, and a negative (odd) field element is never a canonical
        // Ristretto encoding.
        byte[] notReduced = new byte[32];
        Arrays.fill(notReduced, (byte) 0xff);
        notReduced[31] = 0x7f;
        byte[] odd = pair.publicKey();
        odd[0] |= 1;
        assertThat(Sr25519.verify(MESSAGE, signature, notReduced)).isFalse();
        assertThat(Sr25519.verify(MESSAGE, signature, odd)).isFalse();
        byte[] badR = signature.clone();
        System.arraycopy(notReduced, 0, badR, 0, 32);
        assertThat(Sr25519.verify(MESSAGE, badR, pair.publicKey())).isFalse();
    }

    @Test
    void rejectsMalformedLengthsAndFlippedBits() {
        byte[] signature = Sr25519.sign(pair, MESSAGE, RANDOM);
        assertThat(Sr25519.verify(MESSAGE, Arrays.copyOf(signature, 63), pair.publicKey())).isFalse();
        assertThat(Sr25519.verify(MESSAGE, Arrays.copyOf(signature, 65), pair.publicKey())).isFalse();
        assertThat(Sr25519.verify(MESSAGE, signature, Arrays.copyOf(pair.publicKey(), 31))).isFalse();
        assertThat(Sr25519.verify(MESSAGE, new byte[64], pair.publicKey())).isFalse();
        for (int bit = 0; bit < 512; bit += 37) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Sr25519.verify(MESSAGE, flipped, pair.publicKey())).as("bit %d", bit).isFalse();
        }
    }

    @Test
    void seedExpansionIsDeterministicAndSeedLengthIsChecked() {
        assertThat(Sr25519.fromSeed(seed(7)).publicKey()).isEqualTo(pair.publicKey());
        assertThat(Sr25519.fromSeed(seed(8)).publicKey()).isNotEqualTo(pair.publicKey());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sr25519.fromSeed(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pair.toString()).doesNotContain(java.util.HexFormat.of().formatHex(pair.nonce()));
    }

    @Test
    void verifyEquationAgreesWithElisabethsConstantTimeArithmetic() {
        java.util.Random random = new java.util.Random(5);
        cafe.cryptography.curve25519.Scalar minusOne =
                cafe.cryptography.curve25519.Scalar.ZERO.subtract(cafe.cryptography.curve25519.Scalar.ONE);
        for (int i = 0; i < 24; i++) {
            cafe.cryptography.curve25519.Scalar s = i == 0 ? minusOne : i == 1
                    ? cafe.cryptography.curve25519.Scalar.ZERO : Reference.scalar(random);
            cafe.cryptography.curve25519.Scalar k = i == 0 ? minusOne : i == 2
                    ? cafe.cryptography.curve25519.Scalar.ONE : Reference.scalar(random);
            var a = Reference.element(random);
            var expected = cafe.cryptography.curve25519.Constants.RISTRETTO_GENERATOR_TABLE.multiply(s)
                    .subtract(a.multiply(k)).compress().toByteArray();
            long[] point = Reference.point(a);
            byte[] cold = Reference.encode(VerifyEquation.compute(s.toByteArray(), k.toByteArray(), point));
            byte[] known = Reference.encode(VerifyEquation.compute(s.toByteArray(), k.toByteArray(),
                    VerifyEquation.negatedTable(point)));
            assertThat(cold).as("without a table, %d", i).isEqualTo(expected);
            assertThat(known).as("with a table, %d", i).isEqualTo(expected);
        }
    }

    @Test
    void nonAdjacentFormRebuildsTheScalarWithSparseOddDigits() {
        java.util.Random random = new java.util.Random(6);
        for (int i = 0; i < 50; i++) {
            byte[] scalar = Reference.scalar(random).toByteArray();
            byte[] naf = VerifyEquation.nonAdjacentForm(scalar, 5);
            java.math.BigInteger value = java.math.BigInteger.ZERO;
            int lastNonZero = -100;
            for (int j = naf.length - 1; j >= 0; j--) {
                value = value.shiftLeft(1).add(java.math.BigInteger.valueOf(naf[j]));
            }
            for (int j = 0; j < naf.length; j++) {
                if (naf[j] != 0) {
                    assertThat(naf[j] & 1).isEqualTo(1);
                    assertThat(Math.abs(naf[j])).isLessThan(16);
                    assertThat(j - lastNonZero).isGreaterThanOrEqualTo(5);
                    lastNonZero = j;
                }
            }
            byte[] be = scalar.clone();
            reverse(be);
            assertThat(value).isEqualTo(new java.math.BigInteger(1, be));
        }
    }

    @Test
    void verifyAgreesWithAReferenceVerifierOnGoodAndDamagedSignatures() {
        // The reference: the same transcript, then elisabeth's constant-time s*B - k*A and its compression.
        java.util.Random random = new java.util.Random(8);
        int accepted = 0;
        for (int i = 0; i < 60; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            Sr25519KeyPair key = Sr25519.fromSeed(seed);
            byte[] message = new byte[random.nextInt(100)];
            random.nextBytes(message);
            byte[] signature = Sr25519.sign(key, message, RANDOM);
            if (i % 3 != 0) {
                signature[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
            }
            boolean expected = referenceVerify(message, signature, key.publicKey());
            for (int use = 0; use < 3; use++) { // first use: no table; later: the key's table
                assertThat(Sr25519.verify(message, signature, key.publicKey()))
                        .as("signature %d, use %d", i, use).isEqualTo(expected);
            }
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(20);
    }

    @Test
    void theIdentityKeyBehavesAsInTheReferenceVerifier() {
        // With A the identity, s*B - k*A = s*B: (R = r*B, s = r) verifies for any message, in both verifiers.
        byte[] identity = new byte[32];
        cafe.cryptography.curve25519.Scalar r = Reference.scalar(new java.util.Random(9));
        byte[] signature = new byte[64];
        System.arraycopy(cafe.cryptography.curve25519.Constants.RISTRETTO_GENERATOR_TABLE.multiply(r).compress()
                .toByteArray(), 0, signature, 0, 32);
        System.arraycopy(r.toByteArray(), 0, signature, 32, 32);
        signature[63] |= (byte) 0x80;
        byte[] other = signature.clone();
        other[32] ^= 1;
        assertThat(referenceVerify(MESSAGE, signature, identity)).isTrue();
        assertThat(referenceVerify(MESSAGE, other, identity)).isFalse();
        for (int use = 0; use < 3; use++) { // without, then with the key's table
            assertThat(Sr25519.verify(MESSAGE, signature, identity)).as("use %d", use).isTrue();
            assertThat(Sr25519.verify(MESSAGE, other, identity)).as("use %d", use).isFalse();
        }
    }

    private static boolean referenceVerify(byte[] message, byte[] signature, byte[] publicKey) {
        byte[] sBytes = Arrays.copyOfRange(signature, 32, 64);
        sBytes[31] &= 0x7f;
        cafe.cryptography.curve25519.RistrettoElement a;
        try {
            a = new cafe.cryptography.curve25519.CompressedRistretto(publicKey).decompress();
        } catch (cafe.cryptography.curve25519.InvalidEncodingException e) {
            return false;
        }
        cafe.cryptography.curve25519.Scalar s = cafe.cryptography.curve25519.Scalar.fromCanonicalBytes(sBytes);
        MerlinTranscript t = new MerlinTranscript("SigningContext");
        t.appendMessage("", Sr25519.SUBSTRATE_CONTEXT);
        t.appendMessage("sign-bytes", message);
        t.appendMessage("proto-name", "Schnorr-sig".getBytes(StandardCharsets.US_ASCII));
        t.appendMessage("sign:pk", publicKey);
        t.appendMessage("sign:R", Arrays.copyOfRange(signature, 0, 32));
        byte[] wide = new byte[64];
        t.challengeBytes("sign:c", wide);
        cafe.cryptography.curve25519.Scalar k = cafe.cryptography.curve25519.Scalar.fromBytesModOrderWide(wide);
        byte[] r = cafe.cryptography.curve25519.Constants.RISTRETTO_GENERATOR_TABLE.multiply(s)
                .subtract(a.multiply(k)).compress().toByteArray();
        return Arrays.equals(r, Arrays.copyOfRange(signature, 0, 32));
    }

    @Test
    void aRepeatedKeyStillAcceptsGoodAndRefusesBadSignatures() {
        Sr25519KeyPair repeated = Sr25519.fromSeed(seed(42));
        byte[] good = Sr25519.sign(repeated, MESSAGE, new java.security.SecureRandom());
        byte[] bad = good.clone();
        bad[5] ^= 1;
        for (int use = 0; use < 4; use++) {
            assertThat(Sr25519.verify(MESSAGE, good, repeated.publicKey())).as("use %d", use).isTrue();
            assertThat(Sr25519.verify(MESSAGE, bad, repeated.publicKey())).as("use %d", use).isFalse();
            assertThat(Sr25519.verify(MESSAGE, good, pair.publicKey())).as("use %d", use).isFalse();
        }
        assertThat(PublicKeys.lookup(repeated.publicKey()).negatedTable()).isNotNull();
    }

    static byte[] seed(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        return seed;
    }

    /** Little-endian s + l, l = 2^252 + 27742317777372353535851937790883648493. */
    private static byte[] addOrder(byte[] s) {
        java.math.BigInteger l = java.math.BigInteger.TWO.pow(252)
                .add(new java.math.BigInteger("27742317777372353535851937790883648493"));
        byte[] be = s.clone();
        reverse(be);
        byte[] sum = new java.math.BigInteger(1, be).add(l).toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < 32 && i < sum.length; i++) {
            le[i] = sum[sum.length - 1 - i];
        }
        return le;
    }

    private static void reverse(byte[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            byte t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
