package io.quarry.kernel.transport;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A body of pseudo-random bytes made on the fly (never held in memory), with the SHA-256 of what it has
 * produced so far. {@code size} below zero means endless.
 */
final class PatternStream extends InputStream {

    private final SplittableRandom random;
    private final long size;
    private final MessageDigest digest = sha256();
    private long produced;
    private volatile boolean closed;

    PatternStream(long size, long seed) {
        this.size = size;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        long left = size < 0 ? Long.MAX_VALUE : size - produced;
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(length, left);
        for (int i = 0; i < n; i += 8) {
            long bits = random.nextLong();
            for (int b = 0; b < 8 && i + b < n; b++) {
                target[offset + i + b] = (byte) (bits >>> (8 * b));
            }
        }
        digest.update(target, offset, n);
        produced += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    long produced() {
        return produced;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
