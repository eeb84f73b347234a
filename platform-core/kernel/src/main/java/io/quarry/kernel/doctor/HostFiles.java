package io.quarry.kernel.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the doctor reads the host's state: {@code /proc}, {@code /sys} and {@code /dev} under a root that tests
 * point at a folder of their own.
 *
 * @param root {@code /} on a real host
 */
public record HostFiles(Path root) {

    /** The real host. */
    public static final HostFiles SYSTEM = new HostFiles(Path.of("/"));

    /** {@code path} (absolute, e.g. {@code /proc/meminfo}) under the root. */
    Path path(String path) {
        return root.resolve(path.substring(1));
    }

    /** The file's text, or empty when it is not there or not readable. */
    Optional<String> read(String path) {
        try {
            return Optional.of(Files.readString(path(path)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A {@code Key: value} field of a /proc file such as {@code /proc/meminfo}, as a number. */
    Optional<Long> field(String path, String key) {
        return read(path).flatMap(text -> text.lines()
                .filter(l -> l.startsWith(key + ":"))
                .map(l -> l.substring(key.length() + 1).trim().split("\\s+")[0])
                .findFirst()
                .map(Long::parseLong));
    }
}
