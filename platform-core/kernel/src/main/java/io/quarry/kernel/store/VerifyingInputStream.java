package io.quarry.kernel.store;

import io.quarry.api.store.BlobId;
import io.quarry.api.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * Hashes everything read through it and, at end of stream, compares the BLAKE3 hash with the blob id,
 * throwing {@link StoreException} on a mismatch. Skipped bytes are read and hashed too, so skipping cannot
 * bypass the check. Not thread-safe, like any stream.
 */
final class VerifyingInputStream extends InputStream {

    private final InputStream in;
    private final BlobId expected;
    private final Blake3Digest digest = new Blake3Digest(256);
    private final Runnable onVerified;
    private boolean verified;

    VerifyingInputStream(InputStream in, BlobId expected, Runnable onVerified) {
        this.in = in;
        this.expected = expected;
        this.onVerified = onVerified;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            verifyAtEnd();
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            verifyAtEnd();
        } else {
            digest.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void verifyAtEnd() {
        if (verified) {
            return;
        }
        byte[] actual = new byte[32];
        digest.doFinal(actual, 0);
        if (!MessageDigest.isEqual(actual, expected.bytes())) {
            throw new StoreException("blob " + expected + " is corrupt: its content hashes to "
                    + BlobId.of(actual) + "; delete it and fetch it again");
        }
        verified = true;
        onVerified.run();
    }
}
