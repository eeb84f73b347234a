package io.quarry.storage.hash;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;

/**
 * BLAKE3 in its default hash mode (the BLAKE3 specification by O'Connor, Aumasson, Neves and Wilcox-O'Hearn,
 * 2020): incremental, with extendable output. Whole chunks are hashed many at a time by the Vector API when the
 * JVM runs with {@code --add-modules jdk.incubator.vector}, and one at a time otherwise; the result is the same.
 *
 * <p>A hasher is for one thread. {@link #hash(byte[])} and friends make a fresh one per call.
 */
public final class Blake3 {

    /** Bytes in a default-length digest. */
    public static final int DIGEST_LEN = 32;
    /** The Vector API module; its presence in the boot layer selects the vectorized chunk hasher. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final int CHUNK_LEN = Blake3Compress.CHUNK_LEN;
    private static final int MAX_DEPTH = 54;
    private static final boolean VECTOR = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();

    private static final ThreadLocal<Blake3> PER_THREAD = ThreadLocal.withInitial(Blake3::newHasher);

    private final Blake3Chunks chunks;
    /** Whole chunks buffered before they are hashed together; the last chunk always stays here until digest. */
    private final byte[] buffer;
    private final int[] words;
    private final int[] cvs;
    private final int[] stack = new int[MAX_DEPTH * 8];
    private final int[] scratch = new int[16];
    private final int[] block = new int[16];
    private int stackSize;
    private int buffered;
    private long chunkCounter;

    Blake3(Blake3Chunks chunks) {
        this.chunks = chunks;
        this.buffer = new byte[chunks.lanes() * CHUNK_LEN];
        this.words = new int[buffer.length / 4];
        this.cvs = new int[chunks.lanes() * 8];
    }

    /** A new hasher, vectorized when the JVM allows. */
    public static Blake3 newHasher() {
        return new Blake3(VECTOR ? VectorChunksHolder.create() : new Blake3ScalarChunks(8));
    }

    /** Whether {@link #newHasher()} hashes many chunks at once with the Vector API. */
    public static boolean vectorized() {
        return VECTOR;
    }

    /** The 32-byte BLAKE3 hash of {@code data}. */
    public static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** The 32-byte BLAKE3 hash of {@code data[off..off+len)}. */
    public static byte[] hash(byte[] data, int off, int len) {
        // One hasher per thread: its buffers are 16 KiB and more, too much to allocate per small hash.
        Blake3 hasher = PER_THREAD.get().reset();
        return hasher.update(data, off, len).digest();
    }

    /** Forgets all input, so the hasher starts over. */
    public Blake3 reset() {
        stackSize = 0;
        buffered = 0;
        chunkCounter = 0;
        return this;
    }

    /** The hash of {@code data} as 64 lowercase hex characters. */
    public static String hashHex(byte[] data) {
        return HexFormat.of().formatHex(hash(data));
    }

    /** Adds {@code data} to the input. */
    public Blake3 update(byte[] data) {
        return update(data, 0, data.length);
    }

    /** Adds {@code data[off..off+len)} to the input. */
    public Blake3 update(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        while (len > 0) {
            if (buffered == buffer.length) {
                // More input follows, so none of these chunks is the root: hash them all together.
                toWords(buffer.length);
                chunks.hashChunks(words, 0, chunkCounter, cvs);
                for (int l = 0; l < chunks.lanes(); l++) {
                    pushChunk(cvs, l * 8);
                }
                buffered = 0;
            }
            int n = Math.min(len, buffer.length - buffered);
            System.arraycopy(data, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
        return this;
    }

    /** Adds the remaining bytes of {@code data} to the input, moving its position to its limit. */
    public Blake3 update(ByteBuffer data) {
        if (data.hasArray()) {
            update(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
        } else {
            byte[] copy = new byte[Math.min(data.remaining(), buffer.length)];
            while (data.hasRemaining()) {
                int n = Math.min(copy.length, data.remaining());
                data.get(copy, 0, n);
                update(copy, 0, n);
            }
        }
        return this;
    }

    /** The 32-byte hash of the input so far; the hasher may keep being updated. */
    public byte[] digest() {
        return digest(DIGEST_LEN);
    }

    /** {@code length} bytes of extended output (the first 32 are {@link #digest()}). */
    public byte[] digest(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        // Work on copies so the hasher can keep going.
        int[] savedStack = stack.clone();
        int savedSize = stackSize;
        long savedCounter = chunkCounter;
        int wholeBefore = buffered == 0 ? 0 : (buffered - 1) / CHUNK_LEN;
        toWords(wholeBefore * CHUNK_LEN);
        int[] cv = new int[8];
        for (int c = 0; c < wholeBefore; c++) {
            Blake3ScalarChunks.chunk(words, c * (CHUNK_LEN / 4), chunkCounter, cv, 0);
            pushChunk(cv, 0);
        }
        // The last chunk: all its blocks but the last go into its chaining value.
        int start = wholeBefore * CHUNK_LEN;
        int lastLen = buffered - start;
        int blocks = Math.max(1, (lastLen + 63) / 64);
        System.arraycopy(Blake3Compress.IV, 0, cv, 0, 8);
        for (int b = 0; b < blocks - 1; b++) {
            loadBlock(start + b * 64, 64);
            Blake3Compress.compress(cv, 0, block, 0, chunkCounter, 64, b == 0 ? Blake3Compress.CHUNK_START : 0, cv, 0, 8);
        }
        int tailLen = lastLen - (blocks - 1) * 64;
        loadBlock(start + (blocks - 1) * 64, tailLen);
        int flags = (blocks == 1 ? Blake3Compress.CHUNK_START : 0) | Blake3Compress.CHUNK_END;
        // The output node: (cv, block, counter, blockLen, flags), made root below.
        long nodeCounter = chunkCounter;
        int nodeLen = tailLen;
        for (int i = stackSize - 1; i >= 0; i--) {
            Blake3Compress.compress(cv, 0, block, 0, nodeCounter, nodeLen, flags, cv, 0, 8);
            System.arraycopy(stack, i * 8, block, 0, 8);
            System.arraycopy(cv, 0, block, 8, 8);
            System.arraycopy(Blake3Compress.IV, 0, cv, 0, 8);
            nodeCounter = 0;
            nodeLen = 64;
            flags = Blake3Compress.PARENT;
        }
        byte[] out = new byte[length];
        int[] outWords = new int[16];
        for (long t = 0; t * 64 < length; t++) {
            Blake3Compress.compress(cv, 0, block, 0, t, nodeLen, flags | Blake3Compress.ROOT, outWords, 0, 16);
            for (int i = 0; i < 64 && t * 64 + i < length; i++) {
                out[(int) (t * 64 + i)] = (byte) (outWords[i >> 2] >>> ((i & 3) * 8));
            }
        }
        System.arraycopy(savedStack, 0, stack, 0, stack.length);
        stackSize = savedSize;
        chunkCounter = savedCounter;
        return out;
    }

    /** Adds a finished non-root chunk's chaining value, merging completed subtrees (specification, 5.1.2). */
    private void pushChunk(int[] cv, int cvOff) {
        int[] merged = scratch;
        System.arraycopy(cv, cvOff, merged, 8, 8);
        long total = ++chunkCounter;
        while ((total & 1) == 0) {
            stackSize--;
            System.arraycopy(stack, stackSize * 8, merged, 0, 8);
            Blake3Compress.compress(Blake3Compress.IV, 0, merged, 0, 0, 64, Blake3Compress.PARENT, merged, 8, 8);
            total >>= 1;
        }
        System.arraycopy(merged, 8, stack, stackSize * 8, 8);
        stackSize++;
    }

    /** Little-endian words of {@code buffer[0..len)} into {@link #words}; len is a multiple of 4. */
    private void toWords(int len) {
        ByteBuffer.wrap(buffer, 0, len).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(words, 0, len / 4);
    }

    /** {@code buffer[from..from+len)} as one zero-padded block in {@link #block}. */
    private void loadBlock(int from, int len) {
        java.util.Arrays.fill(block, 0);
        for (int i = 0; i < len; i++) {
            block[i >> 2] |= (buffer[from + i] & 0xff) << ((i & 3) * 8);
        }
    }

    /** Keeps the Vector API class unloaded unless the module is there. */
    private static final class VectorChunksHolder {
        static Blake3Chunks create() {
            return new Blake3VectorChunks();
        }
    }
}
