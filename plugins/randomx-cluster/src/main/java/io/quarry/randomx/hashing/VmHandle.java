package io.quarry.randomx.hashing;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.quarry.natives.RandomX;

/**
 * One RandomX VM with its native input and output buffers, used by one thread at a time. Hashing reads and writes
 * native memory directly, so the mining loop copies nothing but the 4 nonce bytes per hash.
 */
final class VmHandle {

    final Pointer vm;
    final Memory output = new Memory(RandomX.HASH_SIZE);
    /** The engine key generation this VM was last pointed at. */
    long generation;
    private Memory input;
    private int inputLength;

    VmHandle(Pointer vm, long generation) {
        this.vm = vm;
        this.generation = generation;
    }

    /** Copies {@code bytes} into the native input buffer, growing it when needed. */
    void load(byte[] bytes) {
        if (input == null || input.size() < bytes.length) {
            input = new Memory(Math.max(128, bytes.length));
        }
        input.write(0, bytes, 0, bytes.length);
        inputLength = bytes.length;
    }

    Pointer input() {
        return input;
    }

    int inputLength() {
        return inputLength;
    }

    /** Writes the nonce into the loaded blob (4 bytes LE at offset 39) with one native store. */
    void putNonce(long nonce) {
        input.setInt(BlobNonce.OFFSET, BlobNonce.nativeInt(nonce));
    }

    /** The output's last 8 bytes as the unsigned LE value a job's target is compared with (MoneroDifficulty). */
    long outputValue() {
        long raw = output.getLong(24);
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? raw : Long.reverseBytes(raw);
    }

    byte[] outputBytes() {
        return output.getByteArray(0, RandomX.HASH_SIZE);
    }
}
