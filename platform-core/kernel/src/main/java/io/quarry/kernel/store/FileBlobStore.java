package io.quarry.kernel.store;

import io.quarry.api.store.BlobId;
import io.quarry.api.store.BlobStore;
import io.quarry.api.store.StoreException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} on the local file system. A blob lives at {@code <dir>/ab/cd/<hex>}, where {@code ab}
 * and {@code cd} are the first two bytes of its BLAKE3-256 hash in hex (two levels keep directories small).
 * A put streams into {@code <dir>/tmp/} while hashing, fsyncs, then renames into place, so a blob file is
 * either absent or whole, even after {@code kill -9}. One directory belongs to one store instance: stale
 * temp files from a crash are removed when the store is created. Thread-safe.
 */
public final class FileBlobStore implements BlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileBlobStore.class);
    private static final int BUFFER = 64 * 1024;

    private final Path dir;
    private final Path tmp;
    private final VerifiedBlobs verified = new VerifiedBlobs(100_000);

    /** A store over {@code dir}, created if missing. */
    public FileBlobStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.tmp = dir.resolve("tmp");
        try {
            Files.createDirectories(tmp);
            try (Stream<Path> stale = Files.list(tmp)) {
                for (Path file : stale.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot prepare the blob directory " + dir + ": " + e, e);
        }
    }

    @Override
    public BlobId put(InputStream content) {
        Objects.requireNonNull(content, "content");
        Path temp = null;
        try (InputStream in = content) {
            temp = Files.createTempFile(tmp, "put-", ".tmp");
            Blake3Digest digest = new Blake3Digest(256);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                }
                out.force(true);
            }
            byte[] hash = new byte[32];
            digest.doFinal(hash, 0);
            BlobId id = BlobId.of(hash);
            moveIntoPlace(temp, id);
            temp = null;
            return id;
        } catch (IOException e) {
            throw new StoreException("cannot store a blob in " + dir + ": " + e, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public BlobId put(byte[] content) {
        return put(new ByteArrayInputStream(Objects.requireNonNull(content, "content")));
    }

    private void moveIntoPlace(Path temp, BlobId id) throws IOException {
        Path target = path(id);
        Path shard = target.getParent();
        if (Files.exists(target) && Files.size(target) == Files.size(temp)) {
            Files.delete(temp); // dedupe: same hash and size, so the same content (a bad copy fails reads)
            return;
        }
        boolean newShard = !Files.isDirectory(shard);
        Files.createDirectories(shard);
        // REPLACE_EXISTING heals a stored copy of the wrong size (a torn or damaged file) with this good one.
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        verified.forget(id);
        // The rename is durable only once the directories holding it are synced.
        forceDirectory(shard);
        if (newShard) {
            forceDirectory(shard.getParent());
            forceDirectory(dir);
        }
    }

    @Override
    public boolean contains(BlobId id) {
        return Files.isRegularFile(path(id));
    }

    @Override
    public Optional<Long> size(BlobId id) {
        try {
            return Optional.of(Files.size(path(id)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read the size of blob " + id + ": " + e, e);
        }
    }

    @Override
    public Optional<InputStream> open(BlobId id) {
        Path file = path(id);
        try {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            return Optional.of(new VerifyingInputStream(in, id, () -> verified.remember(id, before)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot open blob " + id + ": " + e, e);
        }
    }

    @Override
    public Optional<byte[]> read(BlobId id, long offset, int length) {
        Objects.requireNonNull(id, "id");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0, were " + offset + " and " + length);
        }
        Path file = path(id);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (offset > size) {
                throw new IllegalArgumentException("offset " + offset + " is past the end of blob " + id
                        + " (" + size + " bytes)");
            }
            verifyOnce(id, file);
            ByteBuffer range = ByteBuffer.allocate((int) Math.min(length, size - offset));
            while (range.hasRemaining()) {
                if (channel.read(range, offset + range.position()) < 0) {
                    throw new StoreException("blob " + id + " shrank while being read");
                }
            }
            return Optional.of(range.array());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read blob " + id + ": " + e, e);
        }
    }

    /** Hashes the whole file unless it was verified since it last changed (same size and modification time). */
    private void verifyOnce(BlobId id, Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (verified.isCurrent(id, attributes)) {
            return;
        }
        try (InputStream in = new VerifyingInputStream(Files.newInputStream(file), id,
                () -> verified.remember(id, attributes))) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    @Override
    public boolean delete(BlobId id) {
        verified.forget(id);
        try {
            return Files.deleteIfExists(path(id));
        } catch (IOException e) {
            throw new StoreException("cannot delete blob " + id + ": " + e, e);
        }
    }

    /** Where blob {@code id} is stored: {@code <dir>/ab/cd/<hex>}. */
    public Path path(BlobId id) {
        String hex = Objects.requireNonNull(id, "id").hex();
        return dir.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", directory, e.toString()); // e.g. Windows
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove the temp file {}: {}", file, e.toString());
        }
    }
}
