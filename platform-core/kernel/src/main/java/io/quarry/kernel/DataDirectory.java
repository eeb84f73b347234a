package io.quarry.kernel;

import io.quarry.api.config.ConfigException;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where a node keeps its state. Empty {@code node.data_dir} means {@code $XDG_DATA_HOME/quarry} (usually
 * {@code ~/.local/share/quarry}). A relative path set in the config file is relative to that file's directory,
 * so a config and its data can move together; one from the environment or command line is relative to the
 * working directory, as a shell user expects.
 */
public final class DataDirectory {

    private DataDirectory() {
    }

    /** The absolute data directory for {@code configured}. */
    public static Path resolve(String configured, Config config, Optional<Path> configFile) {
        if (configured == null || configured.isBlank()) {
            String xdg = System.getenv("XDG_DATA_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
            return base.resolve("quarry").toAbsolutePath().normalize();
        }
        Path path = Path.of(configured.startsWith("~/") ? System.getProperty("user.home") + configured.substring(1) : configured);
        if (!path.isAbsolute() && config.isFromFile(NodeConfig.SECTION, NodeConfig.SPEC, "data_dir") && configFile.isPresent()) {
            Path dir = configFile.get().toAbsolutePath().getParent();
            path = dir.resolve(path);
        }
        return path.toAbsolutePath().normalize();
    }

    /** Creates the directory (mode 0700 where POSIX permissions exist) with a clear error when it cannot. */
    public static void create(Path dataDir) {
        try {
            if (!Files.isDirectory(dataDir)) {
                Files.createDirectories(dataDir);
                try {
                    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system; rely on its own access control.
                }
            }
            if (!Files.isWritable(dataDir)) {
                throw new ConfigException("node.data_dir", "data directory " + dataDir + " is not writable by this user");
            }
        } catch (IOException e) {
            throw new ConfigException("node.data_dir", "cannot create data directory " + dataDir + ": " + e.getMessage()
                    + "; choose another with --data-dir DIR", e);
        }
    }
}
