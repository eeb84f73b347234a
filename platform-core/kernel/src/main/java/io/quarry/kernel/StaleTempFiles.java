package io.quarry.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the {@code *.tmp} files a killed process leaves behind. Everything in Quarry that writes a file
 * atomically writes {@code <name>.<n>.tmp} (or into a {@code tmp/} folder) and renames it into place, so a
 * {@code .tmp} file found at start belongs to a write that never finished. Runs once the node holds the
 * database lock, so no other node on the same data directory can be writing; the database's own directory is
 * left to the database.
 */
final class StaleTempFiles {

    private static final Logger LOG = LoggerFactory.getLogger(StaleTempFiles.class);

    private StaleTempFiles() {
    }

    /** Deletes every regular {@code *.tmp} file under {@code dataDir} except under {@code skip}; returns them. */
    static List<Path> clean(Path dataDir, Path skip) {
        List<Path> removed = new ArrayList<>();
        try {
            Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(skip) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".tmp")) {
                        Files.deleteIfExists(file);
                        removed.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    LOG.debug("cannot look at {} for stale temporary files: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cleaning stale temporary files under " + dataDir, e);
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} temporary file(s) left by writes that never finished (a crash or kill -9): {}",
                    removed.size(), removed.size() <= 5 ? removed : removed.subList(0, 5) + " ...");
        }
        return removed;
    }
}
