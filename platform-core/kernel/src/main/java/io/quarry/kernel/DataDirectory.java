package io.quarry.kernel;

import io.quarry.api.config.ConfigException;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

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

    /** Owner only: the directory holds the identity key, the API token, logs, databases and plugin data. */
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** Creates the directory (mode 0700 where POSIX permissions exist) with a clear error when it cannot. */
    public static void create(Path dataDir) {
        try {
            if (!Files.isDirectory(dataDir)) {
                Files.createDirectories(dataDir);
                try {
                    Files.setPosixFilePermissions(dataDir, OWNER_ONLY);
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

    /**
     * Makes an existing data directory owner-only (0700) when its mode lets others in, as one made by hand or
     * by an older release with the umask may. Returns the line to log when it changed something.
     */
    public static Optional<String> tighten(Path dataDir) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dataDir);
            if (mode.equals(OWNER_ONLY)) {
                return Optional.empty();
            }
            Files.setPosixFilePermissions(dataDir, OWNER_ONLY);
            return Optional.of("data directory " + dataDir + " was mode " + PosixFilePermissions.toString(mode)
                    + "; set it to rwx------ (0700): it holds the identity key, logs and databases");
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("data directory " + dataDir + " could not be made owner-only (0700): " + e.getMessage());
        }
    }
}
