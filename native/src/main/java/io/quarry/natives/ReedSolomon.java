package io.quarry.natives;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A systematic Reed-Solomon code over GF(2^8) with {@code dataShards} data and {@code parityShards} parity
 * shards, computed by ISA-L. The generator is ISA-L's Cauchy matrix (identity over a Cauchy block), so the data
 * shards are stored as they are and any {@code dataShards} of the {@code dataShards + parityShards} shards
 * reconstruct all the others.
 *
 * <p>Instances are immutable and thread-safe: the expanded encode tables are built once and only read. Shards are
 * either direct {@link ByteBuffer}s (no copy: ISA-L reads and writes them in place, from their positions) or Java
 * arrays (copied through native memory).
 */
public final class ReedSolomon {

    /** Most shards a GF(2^8) code can have. */
    public static final int MAX_TOTAL_SHARDS = 256;

    private final int dataShards;
    private final int parityShards;
    /** {@code (data + parity) x data} generator; rows below {@code dataShards} are the identity. */
    private final byte[] matrix;
    private final Memory encodeTables;

    private ReedSolomon(int dataShards, int parityShards) {
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        int total = dataShards + parityShards;
        this.matrix = new byte[total * dataShards];
        IsalFunctions.gf_gen_cauchy1_matrix(matrix, total, dataShards);
        if (parityShards > 0) {
            byte[] parityRows = new byte[parityShards * dataShards];
            System.arraycopy(matrix, dataShards * dataShards, parityRows, 0, parityRows.length);
            this.encodeTables = new Memory(32L * dataShards * parityShards);
            IsalFunctions.ec_init_tables(dataShards, parityShards, parityRows, encodeTables);
        } else {
            this.encodeTables = null;
        }
    }

    /**
     * A code with the given shape, loading ISA-L if needed.
     *
     * @throws IllegalArgumentException unless {@code dataShards >= 1}, {@code parityShards >= 0} and the total is
     *     at most {@value #MAX_TOTAL_SHARDS}
     * @throws NativeLibraryMissingException if ISA-L is not installed
     */
    public static ReedSolomon create(int dataShards, int parityShards) {
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("Reed-Solomon needs 1 <= data shards, 0 <= parity shards and at most "
                    + MAX_TOTAL_SHARDS + " shards in all; got " + dataShards + " + " + parityShards);
        }
        Isal.load();
        return new ReedSolomon(dataShards, parityShards);
    }

    /** Data shards per stripe. */
    public int dataShards() {
        return dataShards;
    }

    /** Parity shards per stripe. */
    public int parityShards() {
        return parityShards;
    }

    /** Data plus parity shards. */
    public int totalShards() {
        return dataShards + parityShards;
    }

    /**
     * Computes the parity shards {@code shards[dataShards..]} from the data shards {@code shards[0..dataShards)}:
     * {@code length} bytes of each, starting at each buffer's position (positions are not moved).
     *
     * @throws IllegalArgumentException if there are not {@link #totalShards()} direct buffers with {@code length}
     *     bytes remaining
     */
    public void encode(ByteBuffer[] shards, int length) {
        checkShards(shards, length);
        if (parityShards == 0 || length == 0) {
            return;
        }
        try (Memory in = pointers(shards, 0, dataShards); Memory out = pointers(shards, dataShards, parityShards)) {
            IsalFunctions.ec_encode_data(length, dataShards, parityShards, encodeTables, in, out);
        }
    }

    /**
     * The parity shards of {@code data}, which must be {@link #dataShards()} arrays of one length.
     */
    public byte[][] encode(byte[][] data) {
        Objects.requireNonNull(data, "data");
        if (data.length != dataShards) {
            throw new IllegalArgumentException("expected " + dataShards + " data shards, got " + data.length);
        }
        int length = data[0].length;
        ByteBuffer[] shards = new ByteBuffer[totalShards()];
        for (int i = 0; i < dataShards; i++) {
            if (data[i].length != length) {
                throw new IllegalArgumentException("data shard " + i + " has " + data[i].length
                        + " bytes, shard 0 has " + length);
            }
            shards[i] = ByteBuffer.allocateDirect(length).put(data[i]).flip();
        }
        for (int i = dataShards; i < shards.length; i++) {
            shards[i] = ByteBuffer.allocateDirect(length);
        }
        encode(shards, length);
        byte[][] parity = new byte[parityShards][length];
        for (int i = 0; i < parityShards; i++) {
            shards[dataShards + i].get(0, parity[i]);
        }
        return parity;
    }

    /**
     * Rebuilds every shard whose {@code present} flag is false from the first {@link #dataShards()} present ones;
     * the missing shards' buffers are overwritten ({@code length} bytes from their positions).
     *
     * @throws IllegalArgumentException if fewer than {@link #dataShards()} shards are present
     */
    public void reconstruct(ByteBuffer[] shards, boolean[] present, int length) {
        checkShards(shards, length);
        if (present.length != shards.length) {
            throw new IllegalArgumentException("present has " + present.length + " flags for " + shards.length + " shards");
        }
        int[] sources = new int[dataShards];
        int found = 0;
        int missing = 0;
        for (int i = 0; i < present.length; i++) {
            if (present[i] && found < dataShards) {
                sources[found++] = i;
            } else if (!present[i]) {
                missing++;
            }
        }
        if (found < dataShards) {
            throw new IllegalArgumentException("need " + dataShards + " shards to reconstruct, only " + found + " present");
        }
        if (missing == 0 || length == 0) {
            return;
        }
        byte[] inverse = invertRows(sources);
        byte[] decodeRows = new byte[missing * dataShards];
        ByteBuffer[] targets = new ByteBuffer[missing];
        int r = 0;
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                // The missing shard is (its generator row) x (inverse) x (the source shards).
                for (int c = 0; c < dataShards; c++) {
                    byte sum = 0;
                    for (int j = 0; j < dataShards; j++) {
                        sum ^= IsalFunctions.gf_mul(matrix[i * dataShards + j], inverse[j * dataShards + c]);
                    }
                    decodeRows[r * dataShards + c] = sum;
                }
                targets[r++] = shards[i];
            }
        }
        ByteBuffer[] sourceBuffers = new ByteBuffer[dataShards];
        for (int i = 0; i < dataShards; i++) {
            sourceBuffers[i] = shards[sources[i]];
        }
        try (Memory tables = new Memory(32L * dataShards * missing);
             Memory in = pointers(sourceBuffers, 0, dataShards);
             Memory out = pointers(targets, 0, missing)) {
            IsalFunctions.ec_init_tables(dataShards, missing, decodeRows, tables);
            IsalFunctions.ec_encode_data(length, dataShards, missing, tables, in, out);
        }
    }

    /**
     * All {@link #totalShards()} shards from {@code shards}, where missing shards are null and present ones have
     * one length: present arrays are returned as they are, missing ones rebuilt.
     */
    public byte[][] reconstruct(byte[][] shards) {
        Objects.requireNonNull(shards, "shards");
        if (shards.length != totalShards()) {
            throw new IllegalArgumentException("expected " + totalShards() + " shard slots, got " + shards.length);
        }
        int length = -1;
        boolean[] present = new boolean[shards.length];
        for (int i = 0; i < shards.length; i++) {
            if (shards[i] != null) {
                if (length >= 0 && shards[i].length != length) {
                    throw new IllegalArgumentException("shard " + i + " has " + shards[i].length
                            + " bytes, others have " + length);
                }
                length = shards[i].length;
                present[i] = true;
            }
        }
        if (length < 0) {
            throw new IllegalArgumentException("need " + dataShards + " shards to reconstruct, none present");
        }
        ByteBuffer[] buffers = new ByteBuffer[shards.length];
        for (int i = 0; i < shards.length; i++) {
            buffers[i] = ByteBuffer.allocateDirect(length);
            if (present[i]) {
                buffers[i].put(shards[i]).flip();
            }
        }
        reconstruct(buffers, present, length);
        byte[][] all = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            if (present[i]) {
                all[i] = shards[i];
            } else {
                all[i] = new byte[length];
                buffers[i].get(0, all[i]);
            }
        }
        return all;
    }

    /** The inverse of the generator rows {@code rows}; a Cauchy code makes every such square invertible. */
    private byte[] invertRows(int[] rows) {
        byte[] square = new byte[dataShards * dataShards];
        for (int r = 0; r < dataShards; r++) {
            System.arraycopy(matrix, rows[r] * dataShards, square, r * dataShards, dataShards);
        }
        byte[] inverse = new byte[square.length];
        if (IsalFunctions.gf_invert_matrix(square, inverse, dataShards) != 0) {
            throw new IllegalStateException("ISA-L found the decode matrix singular, which a Cauchy code rules out");
        }
        return inverse;
    }

    private void checkShards(ByteBuffer[] shards, int length) {
        Objects.requireNonNull(shards, "shards");
        if (shards.length != totalShards()) {
            throw new IllegalArgumentException("expected " + totalShards() + " shards, got " + shards.length);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        for (int i = 0; i < shards.length; i++) {
            ByteBuffer shard = shards[i];
            if (shard == null || !shard.isDirect() || shard.isReadOnly() || shard.remaining() < length) {
                throw new IllegalArgumentException("shard " + i + " must be a writable direct buffer with "
                        + length + " bytes remaining");
            }
        }
    }

    /** A native {@code unsigned char *[count]} pointing at each buffer's position. */
    private static Memory pointers(ByteBuffer[] buffers, int from, int count) {
        Memory array = new Memory((long) Native.POINTER_SIZE * count);
        for (int i = 0; i < count; i++) {
            ByteBuffer buffer = buffers[from + i];
            Pointer base = Native.getDirectBufferPointer(buffer);
            array.setPointer((long) Native.POINTER_SIZE * i, base.share(buffer.position()));
        }
        return array;
    }
}
