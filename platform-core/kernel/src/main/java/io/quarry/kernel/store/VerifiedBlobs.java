package io.quarry.kernel.store;

import io.quarry.api.store.BlobId;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers which blob files hashed correctly, and in what state (file key, size, modification time), so
 * repeated range reads of an unchanged file do not rehash it. Any change to the file, or a replacement by
 * rename, makes it unverified again. Bounded, least recently used first out. Thread-safe.
 */
final class VerifiedBlobs {

    private record FileState(Object fileKey, long size, FileTime lastModified) {
        static FileState of(BasicFileAttributes attributes) {
            return new FileState(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
        }
    }

    private final Map<BlobId, FileState> states;

    VerifiedBlobs(int capacity) {
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<BlobId, FileState> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean isCurrent(BlobId id, BasicFileAttributes attributes) {
        return Objects.equals(states.get(id), FileState.of(attributes));
    }

    synchronized void remember(BlobId id, BasicFileAttributes attributes) {
        states.put(id, FileState.of(attributes));
    }

    synchronized void forget(BlobId id) {
        states.remove(id);
    }
}
