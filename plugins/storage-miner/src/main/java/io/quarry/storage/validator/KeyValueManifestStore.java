package io.quarry.storage.validator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.store.KeyValueStore;
import io.quarry.storage.wire.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Manifests as JSON in the plugin's key-value store, under {@code manifest/<fileId>}. */
public final class KeyValueManifestStore implements ManifestStore {

    private static final String PREFIX = "manifest/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyValueStore store;

    /** Manifests in {@code store}. */
    public KeyValueManifestStore(KeyValueStore store) {
        this.store = store;
    }

    @Override
    public void put(Manifest manifest) {
        try {
            store.put(key(manifest.fileId()), JSON.writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<Manifest> get(String fileId) {
        return store.get(key(fileId)).map(KeyValueManifestStore::parse);
    }

    @Override
    public void delete(String fileId) {
        store.delete(key(fileId));
    }

    @Override
    public List<Manifest> all() {
        List<Manifest> all = new ArrayList<>();
        try (var cursor = store.scan(PREFIX.getBytes(StandardCharsets.US_ASCII))) {
            while (cursor.hasNext()) {
                all.add(parse(cursor.next().value()));
            }
        }
        return all;
    }

    private static byte[] key(String fileId) {
        return (PREFIX + fileId).getBytes(StandardCharsets.US_ASCII);
    }

    private static Manifest parse(byte[] json) {
        try {
            return JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored manifest is not readable: " + e.getMessage(), e);
        }
    }
}
