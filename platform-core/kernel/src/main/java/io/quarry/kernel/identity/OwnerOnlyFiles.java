package io.quarry.kernel.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates files only the owner can read (0600) and directories only the owner can enter (0700). The mode
 * is given at creation time, so a secret is never readable by others, not even between create and chmod.
 * On file systems without POSIX permissions the modes are skipped.
 */
final class OwnerOnlyFiles {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);

    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles() {
    }

    /** Creates {@code dir} (and missing parents, with default modes) and makes {@code dir} itself 0700. */
    static void createDirectory(Path dir) throws IOException {
        Files.createDirectories(dir.toAbsolutePath().getParent());
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, attributes(DIRECTORY_MODE));
        }
        if (POSIX) {
            // Also narrows a directory left wider by hand, and undoes a umask that removed owner bits.
            Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
        }
    }

    /** A new 0700 directory with a random name inside {@code parent}. */
    static Path createTempDirectory(Path parent, String prefix) throws IOException {
        return Files.createTempDirectory(parent, prefix, attributes(DIRECTORY_MODE));
    }

    /** Writes a new 0600 file, failing if it exists, and forces it to disk. */
    static void writeNew(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes(FILE_MODE))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Replaces {@code target} with a 0600 file holding {@code content}: written to a temp file in the same
     * directory, forced to disk, then renamed over the target, so a crash leaves the old or the new file
     * whole, never a torn one.
     */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            writeNew(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes a rename inside {@code dir} durable; a no-op where directories cannot be opened (Windows). */
    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /** Logs a WARN naming the fix when {@code file} is readable or writable by group or others. */
    static void warnIfWiderThanOwner(Path file) {
        if (!POSIX) {
            return;
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!FILE_MODE.containsAll(mode)) {
                LOG.warn("{} has mode {}, wider than rw------- (0600); other users may read it. Run: chmod 600 {}",
                        file, PosixFilePermissions.toString(mode), file);
            }
        } catch (IOException e) {
            LOG.debug("cannot read the mode of {}: {}", file, e.toString());
        }
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> mode) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }
}
