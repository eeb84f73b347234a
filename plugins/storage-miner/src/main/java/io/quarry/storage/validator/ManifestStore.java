package io.quarry.storage.validator;

import io.quarry.storage.wire.Manifest;
import java.util.List;
import java.util.Optional;

/** Where the validator keeps file manifests. */
public interface ManifestStore {

    /** Stores or replaces the manifest of {@code manifest.fileId()}. */
    void put(Manifest manifest);

    /** The manifest of {@code fileId}, if stored. */
    Optional<Manifest> get(String fileId);

    /** Removes the manifest; harmless when absent. */
    void delete(String fileId);

    /** Every stored manifest. */
    List<Manifest> all();
}
