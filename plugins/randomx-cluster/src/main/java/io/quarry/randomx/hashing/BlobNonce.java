package io.quarry.randomx.hashing;

import io.quarry.randomx.job.MoneroJob;
import java.nio.ByteOrder;

/**
 * The nonce as the mining loop writes it into a VM's native input: 4 bytes, little-endian, at
 * {@link MoneroJob#NONCE_OFFSET} (the job model owns the layout and the Java-side writes).
 */
final class BlobNonce {

    /** Offset of the nonce in a hashing blob. */
    static final int OFFSET = MoneroJob.NONCE_OFFSET;
    /** One past the largest nonce. */
    static final long LIMIT = 1L << 32;

    private BlobNonce() {
    }

    /** The int to store with a native-order 4-byte write so the bytes land little-endian. */
    static int nativeInt(long nonce) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? (int) nonce : Integer.reverseBytes((int) nonce);
    }
}
