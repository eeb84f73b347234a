package io.quarry.fleet.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs bundles under {@code <root>/<type>}: that path is a symbolic link to a versioned directory. A bundle
 * is written into a fresh directory first; only when every file is written does the link switch to it, in
 * one atomic rename, and the previous version is removed. A failure at any point before the switch leaves the
 * previous version in place and removes the partial one.
 */
public final class BundleInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(BundleInstaller.class);

    private final Path root;

    /** @param root where installed bundles live ({@code <plugin data>/deployed}) */
    public BundleInstaller(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The directory the current bundle of {@code type} is in (through the link). */
    public Path current(BundleType type) {
        return root.resolve(type.label());
    }

    /** Installs {@code entries} as the new {@code type} bundle; returns how many files were written. */
    public synchronized int install(BundleType type, List<BundleEntry> entries) {
        Path version = root.resolve("." + type.label() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            Files.createDirectory(version);
            for (BundleEntry e : entries) {
                Path target = version.resolve(e.path()).normalize();
                if (!target.startsWith(version)) {
                    throw new BundleException("entry '" + e.path() + "' leaves the bundle (path traversal)");
                }
                Files.createDirectories(target.getParent());
                Files.write(target, e.content());
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(e.executable() ? "rwx------" : "rw-------"));
            }
            Path link = current(type);
            Path previous = Files.isSymbolicLink(link) ? link.resolveSibling(Files.readSymbolicLink(link)) : null;
            Path newLink = root.resolve("." + type.label() + ".link-" + UUID.randomUUID());
            Files.createSymbolicLink(newLink, version.getFileName());
            Files.move(newLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (previous != null) {
                deleteTree(previous);
            }
            LOG.info("installed a {} bundle of {} files", type.label(), entries.size());
            return entries.size();
        } catch (IOException | RuntimeException e) {
            deleteTree(version);
            if (e instanceof BundleException b) {
                throw b;
            }
            throw new BundleException("the bundle could not be installed (the previous one stays): " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot walk {}: {}", dir, e.getMessage());
        }
    }
}
