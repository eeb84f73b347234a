package io.quarry.fleet.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs bundles under {@code <root>/<type>}: that path is a symbolic link to a versioned directory. A bundle
 * is written into a fresh directory first; only when every file is written does the link switch to it, in
 * one atomic rename, and the previous version is removed. A failure at any point before the switch leaves the
 * previous version in place and removes the partial one. Files stream from the tar to disk: no bundle is held in
 * memory. Directories are created 0700 and files 0600 (0700 when executable) from the start, so nothing installed
 * is readable by other users at any moment.
 */
public final class BundleInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(BundleInstaller.class);

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_EXECUTABLE =
            PosixFilePermissions.asFileAttribute(EXECUTABLE);
    private static final Set<StandardOpenOption> NEW_FILE = EnumSet.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);

    private final Path root;

    /** @param root where installed bundles live ({@code <plugin data>/deployed}) */
    public BundleInstaller(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The directory the current bundle of {@code type} is in (through the link). */
    public Path current(BundleType type) {
        return root.resolve(type.label());
    }

    /** Checks an unpacked bundle before it becomes current. */
    @FunctionalInterface
    public interface Verifier {

        /**
         * @param dir the unpacked version
         * @param paths the relative paths of its files
         * @throws BundleException to refuse the bundle
         */
        void verify(Path dir, List<String> paths);
    }

    /** Installs the small in-memory {@code entries} as the new {@code type} bundle; returns how many files were written. */
    public int install(BundleType type, List<BundleEntry> entries) {
        try {
            return install(type, new ByteArrayInputStream(BundleArchive.write(entries)), Long.MAX_VALUE, (dir, paths) -> { });
        } catch (IOException e) {
            throw new BundleException("the bundle could not be installed (the previous one stays): " + e.getMessage(), e);
        }
    }

    /**
     * Unpacks {@code tar} as it is read (with {@link BundleArchive}'s refusals, at most {@code maxBytes}) into a
     * fresh directory, lets {@code verifier} check it, and makes it the current {@code type} bundle; returns how
     * many files were written.
     *
     * @throws BundleException when an entry or the verifier refuses, or writing fails; the previous bundle stays
     */
    public synchronized int install(BundleType type, InputStream tar, long maxBytes, Verifier verifier) throws IOException {
        Path version = root.resolve("." + type.label() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(root, PRIVATE_DIR);
            Files.createDirectory(version, PRIVATE_DIR);
            List<String> paths = new ArrayList<>();
            BundleArchive.read(tar, maxBytes, (path, executable, size, content) -> {
                Path target = version.resolve(path).normalize();
                if (!target.startsWith(version)) {
                    throw new BundleException("entry '" + path + "' leaves the bundle (path traversal)");
                }
                Files.createDirectories(target.getParent(), PRIVATE_DIR);
                // Created with its final mode: never readable by others, not even while it is being written.
                try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(target, NEW_FILE,
                        executable ? PRIVATE_EXECUTABLE : PRIVATE_FILE))) {
                    content.transferTo(out);
                }
                if (executable) {
                    Files.setPosixFilePermissions(target, EXECUTABLE); // a umask may have taken the owner's x bit
                }
                paths.add(path);
            });
            verifier.verify(version, paths);
            Path link = current(type);
            Path previous = Files.isSymbolicLink(link) ? link.resolveSibling(Files.readSymbolicLink(link)) : null;
            Path newLink = root.resolve("." + type.label() + ".link-" + UUID.randomUUID());
            Files.createSymbolicLink(newLink, version.getFileName());
            Files.move(newLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (previous != null) {
                deleteTree(previous);
            }
            LOG.info("installed a {} bundle of {} files", type.label(), paths.size());
            return paths.size();
        } catch (IOException | RuntimeException e) {
            deleteTree(version);
            if (e instanceof BundleException b) {
                throw b;
            }
            throw new BundleException("the bundle could not be installed (the previous one stays): " + e.getMessage(), e);
        }
    }

    /**
     * Deletes what an install killed mid-way left under the root: version directories no bundle's link points to
     * ({@code .<type>-<uuid>}: a partial bundle, or the previous one not yet removed) and links never switched in
     * ({@code .<type>.link-<uuid>}). Call before any install can start; returns how many were deleted.
     *
     * @throws IOException when the root or a link cannot be read
     */
    public synchronized int deleteLeftovers() throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Set<Path> live = new HashSet<>();
        for (BundleType type : BundleType.values()) {
            Path link = current(type);
            if (Files.isSymbolicLink(link)) {
                live.add(link.resolveSibling(Files.readSymbolicLink(link)).normalize());
            }
        }
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, ".*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean ours = Arrays.stream(BundleType.values()).anyMatch(t -> name.startsWith("." + t.label() + "-")
                        || name.startsWith("." + t.label() + ".link-"));
                if (!ours || live.contains(entry.normalize())) {
                    continue;
                }
                if (Files.isSymbolicLink(entry)) {
                    Files.deleteIfExists(entry);
                } else {
                    deleteTree(entry);
                }
                deleted++;
            }
        }
        return deleted;
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
