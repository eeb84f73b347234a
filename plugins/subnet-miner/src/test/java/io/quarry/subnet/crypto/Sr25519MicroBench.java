package io.quarry.subnet.crypto;

import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;

/**
 * bench/sr25519-micro.sh: nanoseconds per operation of the verifier's pieces, one thread: field multiplication
 * and squaring, a mixed point addition, Ristretto encoding and decoding, the verification equation with and
 * without a key's table, and whole verifications (known key, keys never seen before). Each figure is the best
 * of several rounds, the one least disturbed by other load on the machine.
 */
public final class Sr25519MicroBench {

    private static final byte[] MESSAGE = ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            + ".uuid.1700000000000.").getBytes(StandardCharsets.UTF_8);
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static long sink;

    private Sr25519MicroBench() {
    }

    interface Op {
        void run(int i);
    }

    private static double best(String name, int rounds, int n, Op op) {
        return best(name, rounds, n, () -> { }, op);
    }

    /** As above, with {@code setup} run before each round's clock starts. */
    private static double best(String name, int rounds, int n, Runnable setup, Op op) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            setup.run();
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                op.run(i);
            }
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - start) / (double) n);
        }
        System.out.printf("  %-44s %10.1f ns%n", name, best);
        return best;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Random random = new Random(1);
        long[] b = Constants25519.of(new java.math.BigInteger(255, random));
        long[] r = Constants25519.of(new java.math.BigInteger(255, random));
        RistrettoElement e = Reference.element(random);
        long[] point = Reference.point(e);
        byte[] encoded = e.compress().toByteArray();
        long[] affine = new long[Edwards25519.AFFINE];
        Edwards25519.toAffine(affine, point, 1);
        long[] acc = point.clone();
        long[] w = new long[Edwards25519.WORKSPACE];
        byte[] out = new byte[32];
        byte[] s = Reference.scalar(random).toByteArray();
        byte[] k = Reference.scalar(random).toByteArray();
        FixedBaseTable table = VerifyEquation.negatedTable(point);

        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) 9);
        Sr25519KeyPair pair = Sr25519.fromSeed(seed);
        byte[] signature = Sr25519.sign(pair, MESSAGE, new SecureRandom());
        int coldKeys = 2000;
        byte[][] keys = new byte[coldKeys][];
        byte[][] signatures = new byte[coldKeys][];
        int[] next = {0};
        System.out.println("sr25519 verifier pieces, best of " + rounds + " rounds, load before: "
                + loadAverage());
        for (int pass = 0; pass < 2; pass++) {
            System.out.println(pass == 0 ? " warm-up:" : " measured:");
            best("field mul", rounds, 2_000_000, i -> Field25519.mul(r, 0, r, 0, b, 0));
            best("field sqr", rounds, 2_000_000, i -> Field25519.sqr(r, 0, r, 0));
            best("point + affine point", rounds, 500_000, i -> Edwards25519.addAffine(acc, affine, 0, false, w));
            best("point doubling", rounds, 500_000, i -> Edwards25519.dbl(acc, w));
            best("Ristretto encode", rounds, 20_000, i -> Ristretto255.encode(out, 0, acc));
            best("Ristretto encode, elisabeth (reference)", rounds, 5_000,
                    i -> sink += e.compress().toByteArray()[0]);
            long[] decoded = new long[Edwards25519.EXTENDED];
            best("Ristretto decode", rounds, 20_000, i -> sink += Ristretto255.decode(decoded, encoded, 0) ? 1 : 0);
            best("s*B - k*A with the key's table", rounds, 20_000,
                    i -> sink += VerifyEquation.compute(s, k, table)[0]);
            best("s*B - k*A without a table (wNAF)", rounds, 5_000,
                    i -> sink += VerifyEquation.compute(s, k, point)[0]);
            best("Scalar.fromBytesModOrderWide (elisabeth)", rounds, 100_000,
                    i -> sink += Scalar.fromBytesModOrderWide(new byte[64]).toByteArray()[0]);
            best("verify, known key", rounds, 20_000, i -> check(Sr25519.verify(MESSAGE, signature,
                    pair.publicKey())));
            best("verify, key never seen before", Math.max(1, rounds / 2), coldKeys,
                    () -> fresh(keys, signatures, 100_000 + 10_000 * next[0]++),
                    i -> check(Sr25519.verify(MESSAGE, signatures[i], keys[i])));
        }
        // The checksum keeps the measured results alive, so the compiler cannot drop the work.
        System.out.println("load after: " + loadAverage() + " (checksum " + (sink & 0xff) + ")");
    }

    private static void fresh(byte[][] keys, byte[][] signatures, int firstSeed) {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < keys.length; i++) {
            byte[] seed = new byte[32];
            ByteBuffer.wrap(seed).putInt(firstSeed + i).putInt(0x51c0_1d00);
            Sr25519KeyPair p = Sr25519.fromSeed(seed);
            keys[i] = p.publicKey();
            signatures[i] = Sr25519.sign(p, MESSAGE, random);
        }
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("verify failed");
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
