package io.quarry.fleet.bundle;

import java.util.Objects;

/**
 * One file of a bundle.
 *
 * @param path its relative path, '/'-separated, already checked safe
 * @param content its bytes
 * @param executable whether the owner-execute bit is set
 */
public record BundleEntry(String path, byte[] content, boolean executable) {

    public BundleEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
    }
}
