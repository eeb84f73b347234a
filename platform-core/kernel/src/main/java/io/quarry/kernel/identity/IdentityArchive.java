package io.quarry.kernel.identity;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up and restores the node identity as a tar.gz holding {@code node.key}, {@code api-token} (when
 * present) and a {@code MANIFEST} text naming the node id and the backup time. Backups are written with mode
 * 0600. A restore reads and checks the whole archive in memory before it writes anything (see
 * {@link BackupContents} for what it refuses), then swaps the new identity directory into place by rename.
 */
public final class IdentityArchive {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityArchive.class);
    private static final int ENTRY_MODE = 0600;

    private IdentityArchive() {
    }

    /**
     * Writes the identity in {@code dataDir} to {@code output} (a new file, mode 0600).
     *
     * @return the backed-up node id
     * @throws IdentityException when there is no valid identity, or {@code output} exists or cannot be written
     */
    public static String backup(Path dataDir, Path output) {
        return backup(dataDir, output, written -> { });
    }

    /**
     * As {@link #backup(Path, Path)}, telling {@code written} the number of archive bytes each time some reach
     * the file (for progress output).
     */
    public static String backup(Path dataDir, Path output, java.util.function.LongConsumer written) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(output, "output");
        IdentityStore store = new IdentityStore(dataDir);
        NodeIdentity identity = store.load();
        if (Files.exists(output)) {
            throw new IdentityException(output + " already exists; choose another backup file or remove it first");
        }
        Path parent = output.toAbsolutePath().getParent();
        Path temp = parent.resolve("." + output.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            Files.createDirectories(parent);
            // Create the file 0600 up front, so the key is never in a world-readable file, even half-written.
            OwnerOnlyFiles.writeNew(temp, new byte[0]);
            try (OutputStream out = new BufferedOutputStream(
                    new CountingOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE), written));
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
                Instant now = Instant.now();
                addEntry(tar, IdentityStore.KEY_FILE, Files.readAllBytes(store.keyFile()), now);
                if (Files.exists(store.apiTokenFile())) {
                    addEntry(tar, IdentityStore.API_TOKEN_FILE, Files.readAllBytes(store.apiTokenFile()), now);
                }
                byte[] manifest = BackupManifest.write(identity.nodeId(), now).getBytes(StandardCharsets.UTF_8);
                addEntry(tar, BackupContents.MANIFEST, manifest, now);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE);
            OwnerOnlyFiles.forceDirectory(parent);
        } catch (IOException e) {
            throw new IdentityException("cannot write the identity backup " + output + ": " + e, e);
        } finally {
            deleteQuietly(temp);
        }
        LOG.info("backed up node identity {} to {}", identity.nodeId(), output);
        return identity.nodeId();
    }

    /**
     * Restores the identity in {@code archive} into {@code dataDir}.
     *
     * @param force replace an identity that already exists (the old directory is kept beside it as
     *     {@code identity.replaced-<millis>})
     * @return the restored node id
     * @throws IdentityException when the archive is refused or an identity exists and {@code force} is false;
     *     nothing is written then
     */
    public static String restore(Path archive, Path dataDir, boolean force) {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(dataDir, "dataDir");
        IdentityStore store = new IdentityStore(dataDir);
        refuseIfExists(store, force);
        BackupContents contents = BackupContents.read(archive);
        Path temp = null;
        try {
            Files.createDirectories(dataDir);
            // Stage inside the data directory so the final rename stays on one file system (atomic).
            temp = OwnerOnlyFiles.createTempDirectory(dataDir, ".identity-restore-");
            OwnerOnlyFiles.writeNew(temp.resolve(IdentityStore.KEY_FILE), contents.keyPem());
            byte[] token = contents.apiToken().orElse(null);
            if (token == null && Files.exists(store.apiTokenFile())) {
                token = Files.readAllBytes(store.apiTokenFile()); // keep the token clients already use
            }
            if (token != null) {
                OwnerOnlyFiles.writeNew(temp.resolve(IdentityStore.API_TOKEN_FILE), token);
            }
            OwnerOnlyFiles.forceDirectory(temp);
            swapIntoPlace(store, temp, force);
            temp = null;
        } catch (IOException e) {
            throw new IdentityException("cannot restore the identity into " + store.directory() + ": " + e, e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
        LOG.info("restored node identity {} into {}", contents.identity().nodeId(), store.directory());
        return contents.identity().nodeId();
    }

    private static synchronized void swapIntoPlace(IdentityStore store, Path staged, boolean force)
            throws IOException {
        refuseIfExists(store, force);
        Path target = store.directory();
        Path aside = null;
        if (Files.exists(target)) {
            // rename(2) cannot replace a non-empty directory, so the old one moves aside first. A crash
            // between the two renames leaves the old key in identity.replaced-*, from where it can be moved back.
            aside = target.resolveSibling(IdentityStore.DIRECTORY + ".replaced-" + System.currentTimeMillis());
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (aside != null) {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        OwnerOnlyFiles.forceDirectory(target.toAbsolutePath().getParent());
        if (aside != null) {
            if (Files.exists(aside.resolve(IdentityStore.KEY_FILE))) {
                LOG.warn("the replaced identity was kept in {}; delete it once you no longer need it", aside);
            } else {
                deleteQuietly(aside);
            }
        }
    }

    private static void refuseIfExists(IdentityStore store, boolean force) {
        if (force || !store.exists()) {
            return;
        }
        String nodeId;
        try {
            nodeId = store.load().nodeId();
        } catch (IdentityException e) {
            nodeId = "unreadable";
        }
        throw new IdentityException("an identity already exists (node id " + nodeId + ") in " + store.directory()
                + "; pass --force to replace it");
    }

    private static void addEntry(TarArchiveOutputStream tar, String name, byte[] content, Instant time)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(ENTRY_MODE);
        entry.setModTime(FileTime.from(time));
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}; delete it by hand", path, e.toString());
        }
    }
}
