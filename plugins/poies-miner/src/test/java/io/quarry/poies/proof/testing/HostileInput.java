package io.quarry.poies.proof.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of hostile input for the proof and policy decoders, after the kernel's test helper of the
 * same name: noise, and valid samples mutated by bit flips, truncation, duplication, insertion and
 * length-like overwrites. Every case has its own seed derived from a fixed base, so a failure replays;
 * {@code -Dquarry.fuzz.seed=N} explores elsewhere and {@code -Dquarry.fuzz.cases=N} runs more cases.
 */
public final class HostileInput {

    private final Random random;

    private HostileInput(long seed) {
        this.random = new Random(seed);
    }

    /** How many cases to run: {@code dflt} unless {@code -Dquarry.fuzz.cases} says otherwise. */
    public static int cases(int dflt) {
        return Integer.getInteger("quarry.fuzz.cases", dflt);
    }

    /** The generator for case {@code index}. */
    public static HostileInput forCase(int index) {
        return new HostileInput(Long.getLong("quarry.fuzz.seed", 0x5eed_0f_0a11L) * 31 + index);
    }

    /** Up to {@code maxLength} random bytes. */
    public byte[] noise(int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A random int in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** One of the samples, mutated one to four times. */
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

    private byte[] mutateOnce(byte[] bytes) {
        if (bytes.length == 0) {
            return noise(16);
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(6)) {
            case 0 -> {
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                yield bytes;
            }
            case 1 -> Arrays.copyOf(bytes, at);
            case 2 -> {
                int end = at + random.nextInt(bytes.length - at) + 1;
                byte[] out = new byte[bytes.length + (end - at)];
                System.arraycopy(bytes, 0, out, 0, end);
                System.arraycopy(bytes, at, out, end, bytes.length - at);
                yield out;
            }
            case 3 -> {
                byte[] noise = noise(32);
                byte[] out = new byte[bytes.length + noise.length];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(noise, 0, out, at, noise.length);
                System.arraycopy(bytes, at, out, at + noise.length, bytes.length - at);
                yield out;
            }
            case 4 -> {
                byte[] digits = oneOf("9999999999999999999999", "-1", "1e999999999", "1e9999999990000", "0.0000001",
                        "\"x\"", "null")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                byte[] out = new byte[bytes.length + digits.length];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(digits, 0, out, at, digits.length);
                System.arraycopy(bytes, at, out, at + digits.length, bytes.length - at);
                yield out;
            }
            default -> {
                bytes[at] = oneOf((byte) '\n', (byte) 0, (byte) '{', (byte) '}', (byte) '"', (byte) ':', (byte) ',');
                yield bytes;
            }
        };
    }
}
