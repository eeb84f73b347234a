package io.quarry.api.store;

import java.io.InputStream;
import java.util.Optional;

/**
 * Content-addressed storage for large values, keyed by the BLAKE3-256 hash of the content. Writing the same
 * content twice stores it once. Every read verifies the content against its hash and fails with
 * {@link StoreException} on a mismatch rather than returning corrupt bytes.
 */
public interface BlobStore {

    /** Stores everything {@code content} yields (closing it) and returns its id. Durable when it returns. */
    BlobId put(InputStream content);

    /** Stores {@code content} and returns its id. */
    BlobId put(byte[] content);

    /** Whether a blob with this id is stored. */
    boolean contains(BlobId id);

    /** The blob's size in bytes, if stored. */
    Optional<Long> size(BlobId id);

    /**
     * Opens the whole blob. The stream throws {@link StoreException} at its end if the bytes read do not
     * hash to {@code id}, so a caller that reads to the end never accepts corrupt content.
     */
    Optional<InputStream> open(BlobId id);

    /**
     * Reads {@code length} bytes from {@code offset} (fewer at the end of the blob). The blob is verified
     * against its hash before any range of it is served.
     *
     * @throws IllegalArgumentException when offset or length is negative or offset is past the end
     */
    Optional<byte[]> read(BlobId id, long offset, int length);

    /** Removes the blob; returns whether it was there. */
    boolean delete(BlobId id);
}
