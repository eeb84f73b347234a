package io.quarry.kernel.store;

import java.util.Arrays;
import java.util.Optional;

/** Prefix arithmetic on unsigned byte keys, shared by the store implementations. */
final class KeyPrefix {

    private KeyPrefix() {
    }

    /** Whether {@code key} starts with {@code prefix}. */
    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * The smallest key greater than every key starting with {@code prefix}: the prefix with its last byte
     * below 0xFF incremented and the rest dropped. Empty when no such key exists (the prefix is empty or all
     * 0xFF), meaning the scan runs to the end of the key space.
     */
    static Optional<byte[]> upperBound(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] bound = Arrays.copyOf(prefix, i + 1);
                bound[i]++;
                return Optional.of(bound);
            }
        }
        return Optional.empty();
    }
}
