package io.quarry.poies.proof.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data the local storage prover holds: a file of random bytes in the plugin's data directory, written once
 * and kept. Random rather than derived from a seed, so nobody (this node included) can answer a challenge
 * without really reading the file. Reads are positional, so one open file serves concurrent provers.
 */
final class PlotFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlotFile.class);
    private static final int WRITE_CHUNK = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final long size;

    private PlotFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens the plot at {@code path}, creating it with {@code size} random bytes when it is missing or has another
     * size (a size change in configuration replaces the plot).
     */
    static PlotFile openOrCreate(Path path, long size) {
        Objects.requireNonNull(path, "path");
        if (size < 1) {
            throw new IllegalArgumentException("a plot needs at least one byte, was " + size);
        }
        try {
            if (!Files.isRegularFile(path) || Files.size(path) != size) {
                if (Files.exists(path)) {
                    LOG.info("storage plot {} has {} bytes, {} are configured; writing a new plot", path,
                            Files.size(path), size);
                } else {
                    LOG.info("writing a {}-byte storage plot to {}", size, path);
                }
                write(path, size);
            }
            return new PlotFile(path, FileChannel.open(path, StandardOpenOption.READ), size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the storage plot " + path + ": " + e.getMessage(), e);
        }
    }

    /** Bytes in the plot. */
    long size() {
        return size;
    }

    /** Where it lives. */
    Path path() {
        return path;
    }

    /** Reads {@code buffer.remaining()} bytes from {@code offset}; bytes past the end read as zero. */
    void read(long offset, byte[] into) {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        try {
            long at = offset;
            while (buffer.hasRemaining() && at < size) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the storage plot " + path + ": " + e.getMessage(), e);
        }
        while (buffer.hasRemaining()) {
            buffer.put((byte) 0);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", path, e.toString());
        }
    }

    private static void write(Path path, long size) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + path.getFileName() + "." + System.nanoTime() + ".tmp");
        SecureRandom random = new SecureRandom();
        try {
            try (FileChannel out = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE))) {
                byte[] chunk = new byte[WRITE_CHUNK];
                long left = size;
                while (left > 0) {
                    int n = (int) Math.min(chunk.length, left);
                    random.nextBytes(chunk);
                    ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    left -= n;
                }
                out.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
