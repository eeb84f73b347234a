package io.quarry.storage.hash;

/** {@link Blake3Chunks} one chunk after another, for JVMs without the Vector API module. */
final class Blake3ScalarChunks implements Blake3Chunks {

    private final int lanes;

    Blake3ScalarChunks(int lanes) {
        this.lanes = lanes;
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public void hashChunks(int[] words, int wordsOff, long counter, int[] cvOut) {
        for (int l = 0; l < lanes; l++) {
            chunk(words, wordsOff + l * (Blake3Compress.CHUNK_LEN / 4), counter + l, cvOut, l * 8);
        }
    }

    /** The chaining value of one whole chunk. */
    static void chunk(int[] words, int wordsOff, long counter, int[] cvOut, int cvOff) {
        System.arraycopy(Blake3Compress.IV, 0, cvOut, cvOff, 8);
        for (int b = 0; b < 16; b++) {
            int flags = (b == 0 ? Blake3Compress.CHUNK_START : 0) | (b == 15 ? Blake3Compress.CHUNK_END : 0);
            Blake3Compress.compress(cvOut, cvOff, words, wordsOff + b * 16, counter, Blake3Compress.BLOCK_LEN, flags,
                    cvOut, cvOff, 8);
        }
    }
}
