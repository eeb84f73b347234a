package io.quarry.storage.store;

import io.quarry.api.transport.ChunkedBody;
import io.quarry.api.transport.Payload;
import io.quarry.storage.hash.Blake3;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shards on local disk, addressed by the BLAKE3 hash of their bytes.
 *
 * <p>Durability: a write goes to {@code tmp/}, is fsynced, renamed atomically to {@code shards/ab/<hash>} and the
 * directory is fsynced (and {@code shards/} too when the prefix directory {@code ab/} was new), all before
 * {@link #put} returns; {@link #open} fsyncs the directories it creates and their parents; so a shard whose write was acknowledged survives the
 * process being killed (kill -9) or the machine losing power, and a write cut short leaves only a temporary file,
 * which {@link #open} removes. Reads are verified: bytes that no longer hash to their id are moved to
 * {@code corrupt/}, counted and never served. Capacity: writes that would take the store past its maximum are
 * refused with {@link StoreRefusedException.Reason#FULL}. Thread-safe.
 */
public final class ShardStore {

    private static final Logger LOG = LoggerFactory.getLogger(ShardStore.class);
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path shardsDir;
    private final Path tmpDir;
    private final Path corruptDir;
    private final long maxBytes;
    private final ShardCache cache;
    private final ConcurrentHashMap<ShardId, Long> index = new ConcurrentHashMap<>();
    private final Object capacityLock = new Object();
    private long usedBytes;
    private long reservedBytes;
    private final AtomicLong corruptReads = new AtomicLong();
    private final AtomicLong refusedFull = new AtomicLong();
    private final DirectorySync sync;
    /** Prefix directories under {@code shards/} whose entry there is known to be on disk. */
    private final java.util.Set<String> durablePrefixes = ConcurrentHashMap.newKeySet();

    /** Makes a directory's entries durable; tests watch it, the store uses {@link #fsyncDirectory}. */
    @FunctionalInterface
    interface DirectorySync {
        void force(Path dir) throws IOException;
    }

    private ShardStore(Path root, long maxBytes, ShardCache cache, DirectorySync sync) {
        this.sync = sync;
        this.shardsDir = root.resolve("shards");
        this.tmpDir = root.resolve("tmp");
        this.corruptDir = root.resolve("corrupt");
        this.maxBytes = maxBytes;
        this.cache = cache;
    }

    /**
     * Opens (creating if needed) the store under {@code root}: indexes the shards there and deletes writes that
     * never completed.
     *
     * @param maxBytes the most bytes of shards to hold; 0 means no limit
     * @param cacheEntries the most shards the hot cache holds
     * @param cacheBytes the most bytes the hot cache holds
     */
    public static ShardStore open(Path root, long maxBytes, int cacheEntries, long cacheBytes) {
        return open(root, maxBytes, cacheEntries, cacheBytes, ShardStore::fsyncDirectory);
    }

    /** {@link #open(Path, long, int, long)} with the directory fsync given. */
    static ShardStore open(Path root, long maxBytes, int cacheEntries, long cacheBytes, DirectorySync sync) {
        Objects.requireNonNull(root, "root");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        ShardStore store = new ShardStore(root, maxBytes, new ShardCache(cacheEntries, cacheBytes), sync);
        try {
            Files.createDirectories(store.shardsDir);
            Files.createDirectories(store.tmpDir);
            Files.createDirectories(store.corruptDir);
            // The entries of the directories just made (or found) are made durable: root's parent holds root.
            Path absolute = root.toAbsolutePath();
            if (absolute.getParent() != null) {
                sync.force(absolute.getParent());
            }
            sync.force(root);
            sync.force(store.shardsDir);
            sync.force(store.tmpDir);
            sync.force(store.corruptDir);
            store.removeIncompleteWrites();
            store.indexShards();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the shard store at " + root + ": " + e.getMessage(), e);
        }
        LOG.info("Shard store at {}: {} shards, {} bytes{}", root, store.count(), store.usedBytes(),
                maxBytes == 0 ? "" : " of " + maxBytes);
        return store;
    }

    /** Stores {@code data} under its own hash. */
    public StoreResult put(byte[] data) {
        return put(ShardId.of(data), data);
    }

    /** Stores {@code data}, which must hash to {@code expected}. */
    public StoreResult put(ShardId expected, byte[] data) {
        return put(expected, new java.io.ByteArrayInputStream(data), data.length);
    }

    /**
     * Stores exactly {@code size} bytes read from {@code in}, which must hash to {@code expected}. Nothing is read
     * when the shard is present already or the write is refused before it starts (oversize, full).
     *
     * @throws StoreRefusedException when the shard is oversize, the store full, the bytes fewer or more than
     *     {@code size}, or their hash not {@code expected}
     */
    public StoreResult put(ShardId expected, InputStream in, long size) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(in, "in");
        if (size < 0 || size > StorageLimits.MAX_FETCH_RESPONSE_SIZE) {
            throw new StoreRefusedException(StoreRefusedException.Reason.OVERSIZE, "shard " + expected + " has "
                    + size + " bytes; a shard may have at most " + StorageLimits.MAX_FETCH_RESPONSE_SIZE);
        }
        if (index.containsKey(expected)) {
            return new StoreResult(expected, index.get(expected), true);
        }
        reserve(expected, size);
        Path tmp = tmpDir.resolve(UUID.randomUUID() + ".part");
        try {
            writeVerified(expected, in, size, tmp);
            Path target = pathOf(expected);
            String prefix = target.getParent().getFileName().toString();
            if (!durablePrefixes.contains(prefix)) {
                // A new prefix directory's own entry in shards/ must reach the disk too, or the shard with it.
                Files.createDirectories(target.getParent());
                sync.force(shardsDir);
                durablePrefixes.add(prefix);
            }
            moveAtomically(tmp, target);
            sync.force(target.getParent());
            boolean added = index.putIfAbsent(expected, size) == null;
            synchronized (capacityLock) {
                if (added) {
                    usedBytes += size;
                }
            }
            return new StoreResult(expected, size, !added);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store shard " + expected + ": " + e.getMessage(), e);
        } finally {
            synchronized (capacityLock) {
                reservedBytes -= size;
            }
            deleteQuietly(tmp);
        }
    }

    /**
     * The shard's bytes, verified against its id, through the hot cache; empty when not stored. The array may be
     * the cached one, shared with other readers: callers must not modify it.
     */
    public Optional<byte[]> read(ShardId id) {
        byte[] cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<byte[]> data = readFromDisk(id);
        data.ifPresent(bytes -> cache.put(id, bytes));
        return data;
    }

    /**
     * The shard's bytes read from disk now, bypassing the cache, verified against its id (what a proof of
     * storage must rest on); empty when not stored.
     *
     * @throws CorruptShardException when the bytes do not hash to the id; the file is moved aside first
     */
    public Optional<byte[]> readFromDisk(ShardId id) {
        byte[] data;
        try {
            data = Files.readAllBytes(pathOf(id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shard " + id + ": " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(Blake3.hash(data));
        if (!actual.equals(id.hex())) {
            quarantine(id);
            throw new CorruptShardException(id, actual);
        }
        return Optional.of(data);
    }

    /**
     * {@code length} bytes of the shard from {@code offset} (fewer when the shard ends first), after verifying
     * the whole shard; empty when not stored.
     */
    public Optional<byte[]> readRange(ShardId id, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("range must be non-negative, was offset " + offset + " length " + length);
        }
        return read(id).map(data -> {
            int from = (int) Math.min(offset, data.length);
            int to = (int) Math.min(data.length, from + Math.min(length, Integer.MAX_VALUE));
            return java.util.Arrays.copyOfRange(data, from, to);
        });
    }

    /** Whether the shard is stored. */
    public boolean contains(ShardId id) {
        return index.containsKey(id);
    }

    /** The shard's size; empty when not stored. */
    public OptionalLong size(ShardId id) {
        Long size = index.get(id);
        return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    }

    /** Removes the shard; false when it was not stored. */
    public boolean delete(ShardId id) {
        Long size = index.remove(id);
        cache.remove(id);
        if (size == null) {
            return false;
        }
        synchronized (capacityLock) {
            usedBytes -= size;
        }
        deleteQuietly(pathOf(id));
        return true;
    }

    /** Every stored shard id, in no particular order. */
    public List<ShardId> list() {
        return new ArrayList<>(index.keySet());
    }

    /** Shards stored. */
    public int count() {
        return index.size();
    }

    /** Bytes of shards stored. */
    public long usedBytes() {
        synchronized (capacityLock) {
            return usedBytes;
        }
    }

    /** The configured maximum in bytes; 0 means none. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Bytes this store can still take: what {@code max_storage_gb} leaves, and never more than the file system has
     * free; with no maximum, what the file system has free (0 when it cannot be read).
     */
    public long availableBytes() {
        long disk;
        try {
            disk = Files.getFileStore(shardsDir).getUsableSpace();
        } catch (IOException e) {
            disk = 0;
        }
        return maxBytes == 0 ? disk : Math.min(disk, Math.max(0, maxBytes - usedBytes()));
    }

    /** Reads that found a shard's bytes changed on disk. */
    public long corruptReads() {
        return corruptReads.get();
    }

    /** Writes refused because the store was full. */
    public long refusedFull() {
        return refusedFull.get();
    }

    /** Shards in the hot cache. */
    public int cachedShards() {
        return cache.size();
    }

    /** Where the shard lives: {@code shards/<first two hex>/<hash>}. */
    Path pathOf(ShardId id) {
        return shardsDir.resolve(id.hex().substring(0, 2)).resolve(id.hex());
    }

    private void reserve(ShardId id, long size) {
        synchronized (capacityLock) {
            if (maxBytes > 0 && usedBytes + reservedBytes + size > maxBytes) {
                refusedFull.incrementAndGet();
                throw new StoreRefusedException(StoreRefusedException.Reason.FULL, "storage full: shard " + id
                        + " needs " + size + " bytes, " + (usedBytes + reservedBytes) + " of max_storage_gb's "
                        + maxBytes + " bytes are used or being written");
            }
            reservedBytes += size;
        }
    }

    private void writeVerified(ShardId expected, InputStream in, long size, Path tmp) throws IOException {
        Blake3 hasher = Blake3.newHasher();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long written = in instanceof ChunkedBody chunks
                    ? writeChunks(chunks, size, hasher, out)
                    : writeStream(in, size, hasher, out);
            if (written < size) {
                throw new StoreRefusedException(StoreRefusedException.Reason.TRUNCATED, "shard " + expected
                        + " ended after " + written + " of its announced " + size + " bytes");
            }
            String actual = HexFormat.of().formatHex(hasher.digest());
            if (!actual.equals(expected.hex())) {
                throw new StoreRefusedException(StoreRefusedException.Reason.HASH_MISMATCH, "shard sent as "
                        + expected + " hashes to " + actual);
            }
            out.force(true);
        }
    }

    /** Reads up to {@code size} bytes through one buffer, hashing and writing them; returns the bytes read. */
    private static long writeStream(InputStream in, long size, Blake3 hasher, FileChannel out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(1, size))];
        long written = 0;
        while (written < size) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - written));
            if (n < 0) {
                break;
            }
            hasher.update(buffer, 0, n);
            writeFully(out, ByteBuffer.wrap(buffer, 0, n));
            written += n;
        }
        return written;
    }

    /**
     * Takes up to {@code size} bytes as the chunks the transport received them in: each is hashed through a small
     * buffer (one copy, cache-sized) and written to the file from the transport's own buffer, so it is not also
     * copied into a heap array and from there into native memory for the write. The rest of a chunk that runs past
     * {@code size} is dropped and no later chunk is taken. The chunk is read twice (hash, write): the transport's
     * received chunks never change while lent. Returns the bytes taken.
     */
    private static long writeChunks(ChunkedBody chunks, long size, Blake3 hasher, FileChannel out)
            throws IOException {
        byte[] window = new byte[(int) Math.min(COPY_BUFFER, Math.max(1, size))];
        long written = 0;
        for (Payload chunk; written < size && (chunk = chunks.nextChunk()) != null; ) {
            int take = (int) Math.min(chunk.length(), size - written);
            for (int at = 0; at < take; at += window.length) {
                int n = Math.min(window.length, take - at);
                chunk.read(at, window, 0, n);
                hasher.update(window, 0, n);
                if (take < chunk.length()) {
                    // The chunk runs past the announced size: only its first bytes are stored, from the window.
                    writeFully(out, ByteBuffer.wrap(window, 0, n));
                }
            }
            if (take == chunk.length()) {
                chunk.writeTo(out);
            }
            written += take;
        }
        return written;
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.getParent() + " cannot rename atomically; "
                    + "put storage_path on a local POSIX file system", e);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private void quarantine(ShardId id) {
        corruptReads.incrementAndGet();
        cache.remove(id);
        Long size = index.remove(id);
        if (size != null) {
            synchronized (capacityLock) {
                usedBytes -= size;
            }
        }
        try {
            Files.move(pathOf(id), corruptDir.resolve(id.hex() + "." + System.currentTimeMillis()),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.debug("Could not move corrupt shard {} aside: {}", id, e.toString());
        }
        LOG.warn("Shard {} is corrupt on disk; moved to {} and dropped from the store", id, corruptDir);
    }

    private void removeIncompleteWrites() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmpDir)) {
            for (Path leftover : leftovers) {
                LOG.info("Removing an incomplete shard write {}", leftover.getFileName());
                Files.deleteIfExists(leftover);
            }
        }
    }

    private void indexShards() throws IOException {
        long used = 0;
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(shardsDir, Files::isDirectory)) {
            for (Path prefix : prefixes) {
                durablePrefixes.add(prefix.getFileName().toString());
                try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        if (ShardId.isValid(name) && name.startsWith(prefix.getFileName().toString())) {
                            long size = Files.size(file);
                            index.put(new ShardId(name), size);
                            used += size;
                        } else {
                            LOG.warn("Ignoring {} in the shard store: not a shard", file);
                        }
                    }
                }
            }
        }
        synchronized (capacityLock) {
            usedBytes = used;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", path, e.toString());
        }
    }
}
