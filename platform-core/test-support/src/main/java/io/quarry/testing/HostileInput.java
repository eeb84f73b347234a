package io.quarry.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of hostile input for property-style tests of every decoder (kernel and plugins): random
 * noise, and valid samples mutated by bit flips, truncation, duplication, splicing, length-field corruption
 * and out-of-range number literals (for the JSON decoders). A failing case is
 * reproducible from its seed, which the test prints in its name; {@code -Dquarry.fuzz.seed=N} explores a
 * different part of the space and {@code -Dquarry.fuzz.cases=N} runs more cases.
 */
public final class HostileInput {

    private final Random random;

    private HostileInput(long seed) {
        this.random = new Random(seed);
    }

    /** The base seed: fixed by default so CI is repeatable, overridable to explore. */
    public static long baseSeed() {
        return Long.getLong("quarry.fuzz.seed", 0x5eed_0f_0a11L);
    }

    /** How many cases a test should run: {@code dflt} unless {@code -Dquarry.fuzz.cases} says otherwise. */
    public static int cases(int dflt) {
        return Integer.getInteger("quarry.fuzz.cases", dflt);
    }

    /** A generator for case number {@code index} (each case has its own seed derived from the base seed). */
    public static HostileInput forCase(int index) {
        return new HostileInput(baseSeed() * 31 + index);
    }

    /** Up to {@code maxLength} uniformly random bytes. */
    public byte[] noise(int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Random printable and control characters, as a string of at most {@code maxLength} chars. */
    public String text(int maxLength) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            out.append(pick < 6 ? (char) (32 + random.nextInt(95)) : pick < 8 ? (char) random.nextInt(32)
                    : (char) (128 + random.nextInt(0x2000)));
        }
        return out.toString();
    }

    /** One of the given samples, mutated between one and four times. */
    public byte[] mutate(List<byte[]> samples) {
        byte[] bytes = samples.get(random.nextInt(samples.size())).clone();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            bytes = mutateOnce(bytes);
        }
        return bytes;
    }

    /** One of the options. */
    @SafeVarargs
    public final <T> T oneOf(T... options) {
        return options[random.nextInt(options.length)];
    }

    /** A random int in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private byte[] mutateOnce(byte[] bytes) {
        if (bytes.length == 0) {
            return noise(16);
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(7)) {
            case 0 -> { // flip one bit
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                yield bytes;
            }
            case 1 -> Arrays.copyOf(bytes, at); // truncate
            case 2 -> { // duplicate a slice
                int end = at + random.nextInt(bytes.length - at) + 1;
                byte[] out = new byte[bytes.length + (end - at)];
                System.arraycopy(bytes, 0, out, 0, end);
                System.arraycopy(bytes, at, out, end, bytes.length - at);
                yield out;
            }
            case 3 -> insert(bytes, at, noise(32)); // insert random bytes
            case 4 -> { // overwrite four bytes with an extreme length-like value
                byte[] value = random.nextBoolean() ? new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}
                        : new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
                for (int i = 0; i < 4 && at + i < bytes.length; i++) {
                    bytes[at + i] = value[i];
                }
                yield bytes;
            }
            // insert a number literal no decoder should hold (or quietly round), or a wrong-typed value
            case 5 -> insert(bytes, at, oneOf("9999999999999999999999", "-1", "1e999999999", "1e9999999990000",
                    "0.0000001", "-0", "\"x\"", "null").getBytes(StandardCharsets.US_ASCII));
            default -> { // replace a byte with a delimiter-ish one
                bytes[at] = oneOf((byte) '\n', (byte) '\r', (byte) 0, (byte) '{', (byte) '}', (byte) '"', (byte) ':',
                        (byte) ',');
                yield bytes;
            }
        };
    }

    private static byte[] insert(byte[] bytes, int at, byte[] piece) {
        byte[] out = new byte[bytes.length + piece.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(bytes, at, out, at + piece.length, bytes.length - at);
        return out;
    }

    /** UTF-8 bytes of each string, for building sample lists. */
    public static List<byte[]> utf8(String... samples) {
        List<byte[]> out = new ArrayList<>();
        for (String s : samples) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
