package io.quarry.fleet.bundle;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * A bundle's plaintext tar spooled to a file (mode 0600) on the controller, so a bundle of any allowed size is
 * sent without being held in memory: built file by file ({@link #add}) or from an uploaded tar that is checked
 * and re-packed on the way ({@link #addAll}), hashed and measured as it is written, deleted on {@link #close}.
 */
public final class BundleSpool implements AutoCloseable {

    private final Path file;
    private final long maxBytes;
    private final MessageDigest sha = BundleCrypto.sha256();
    private final Limit counter;
    private final BundleArchive.Writer writer;
    private final Set<String> paths = new HashSet<>();
    private boolean finished;
    private String checksum;

    private BundleSpool(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.counter = new Limit(new DigestOutputStream(Files.newOutputStream(file), sha), maxBytes);
        this.writer = new BundleArchive.Writer(counter);
    }

    /**
     * A new, empty spool in {@code dir} (created when needed) for a tar of at most {@code maxBytes}.
     *
     * @throws IOException when the file cannot be made
     */
    public static BundleSpool create(Path dir, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "deploy-", ".tar",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            return new BundleSpool(file, maxBytes);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Deletes the spool files a node that died mid-deploy left in {@code dir}: a controller's {@code deploy-*.tar}
     * and a worker's {@code bundle-*.tar}, plaintext bundles that nothing else removes. Call before any deploy
     * can start; returns how many were deleted.
     *
     * @throws IOException when {@code dir} cannot be listed or a leftover cannot be deleted
     */
    public static int deleteLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "{deploy,bundle}-*.tar")) {
            for (Path file : leftovers) {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /**
     * Adds one file of {@code size} bytes.
     *
     * @throws BundleTooLargeException when the tar would grow past the limit
     */
    public void add(String path, long size, boolean executable, InputStream content) throws IOException {
        checkOpen();
        if (size > maxBytes) {
            throw new BundleTooLargeException("file '" + path + "' is " + size + " bytes; a bundle is at most " + maxBytes);
        }
        if (!paths.add(BundleArchive.safePath(path))) {
            throw new BundleException("file '" + path + "' appears twice in the bundle");
        }
        writer.add(path, size, executable, content);
    }

    /**
     * Adds every file of the tar {@code in}, read as it arrives with {@link BundleArchive}'s refusals.
     *
     * @throws BundleException naming a refused entry
     * @throws BundleTooLargeException when the tar would grow past the limit
     */
    public void addAll(InputStream in) throws IOException {
        BundleArchive.read(in, maxBytes, (path, executable, size, content) -> add(path, size, executable, content));
    }

    /** Finishes the tar; from now on {@link #file}, {@link #size} and {@link #checksum} describe it. */
    public BundleSpool finish() throws IOException {
        checkOpen();
        writer.close();
        finished = true;
        checksum = HexFormat.of().formatHex(sha.digest());
        return this;
    }

    /** How many files were added. */
    public int files() {
        return paths.size();
    }

    /** The finished tar. */
    public Path file() {
        checkFinished();
        return file;
    }

    /** The finished tar's length. */
    public long size() {
        checkFinished();
        return counter.written;
    }

    /** SHA-256 of the finished tar, hex. */
    public String checksum() {
        checkFinished();
        return checksum;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                writer.close();
            }
        } catch (IOException | RuntimeException e) {
            // The spool is being thrown away; a half-written tar does not matter.
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the bundle spool is finished");
        }
    }

    private void checkFinished() {
        if (!finished) {
            throw new IllegalStateException("the bundle spool is not finished");
        }
    }

    /** Counts what is written and refuses to go past the limit. */
    private static final class Limit extends FilterOutputStream {

        private final long max;
        private long written;

        Limit(OutputStream out, long max) {
            super(out);
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            grow(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            grow(len);
            out.write(b, off, len);
        }

        private void grow(long n) {
            if (written + n > max) {
                throw new BundleTooLargeException("the bundle's tar grows past " + max + " bytes (fleet-control.max_bundle_bytes)");
            }
            written += n;
        }
    }
}
