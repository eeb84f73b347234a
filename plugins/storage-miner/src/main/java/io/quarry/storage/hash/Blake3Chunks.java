package io.quarry.storage.hash;

/** Computes the chaining values of {@link #lanes()} consecutive whole, non-root BLAKE3 chunks at once. */
interface Blake3Chunks {

    /** Chunks hashed per call. */
    int lanes();

    /**
     * Hashes chunks {@code counter .. counter + lanes - 1}, whose little-endian words start at
     * {@code words[wordsOff]} (256 words each, back to back), writing 8 words per chunk to {@code cvOut}.
     */
    void hashChunks(int[] words, int wordsOff, long counter, int[] cvOut);
}
