package io.quarry.storage.validator;

import io.quarry.storage.wire.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Manifests in a map, for validator tests that need no disk. */
final class MemoryManifestStore implements ManifestStore {

    final Map<String, Manifest> stored = new ConcurrentHashMap<>();

    @Override
    public void put(Manifest manifest) {
        stored.put(manifest.fileId(), manifest);
    }

    @Override
    public Optional<Manifest> get(String fileId) {
        return Optional.ofNullable(stored.get(fileId));
    }

    @Override
    public void delete(String fileId) {
        stored.remove(fileId);
    }

    @Override
    public List<Manifest> all() {
        return List.copyOf(stored.values());
    }
}
