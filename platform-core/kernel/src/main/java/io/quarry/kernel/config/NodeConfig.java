package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code [node]} table.
 *
 * @param name the node's display name, shown on the dashboard and to peers; defaults to the host name
 * @param dataDir where the node keeps its identity, database, blobs, plugins and logs. Empty means the
 *     platform default, {@code $XDG_DATA_HOME/quarry} or else {@code ~/.local/share/quarry}. Returned as
 *     written: the node resolves a relative path and the default.
 */
public record NodeConfig(String name, String dataDir) {

    /** The table's name in {@code quarry.toml}. */
    public static final String SECTION = "node";
    /** The host name when it can be found, else {@code quarry-node}. */
    public static final String DEFAULT_NAME = hostName();
    /** Empty: the platform's data directory ({@code $XDG_DATA_HOME/quarry} or {@code ~/.local/share/quarry}). */
    public static final String DEFAULT_DATA_DIR = "";

    /** The table's shape and defaults. */
    public static final ConfigSpec<NodeConfig> SPEC = ConfigSpec.of(NodeConfig.class,
            new NodeConfig(DEFAULT_NAME, DEFAULT_DATA_DIR));

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataDir, "dataDir");
        if (name.isBlank()) {
            throw new ConfigException("node.name", "node.name must not be empty");
        }
    }

    private static String hostName() {
        // The environment and /etc/hostname first: InetAddress.getLocalHost() may wait on a slow resolver.
        String candidate = System.getenv("HOSTNAME");
        if (candidate == null || candidate.isBlank()) {
            try {
                Path etc = Path.of("/etc/hostname");
                candidate = Files.isReadable(etc) ? Files.readString(etc).trim() : null;
            } catch (IOException e) {
                candidate = null;
            }
        }
        if (candidate == null || candidate.isBlank()) {
            try {
                candidate = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                candidate = null;
            }
        }
        return candidate == null || candidate.isBlank() || candidate.equals("localhost") ? "quarry-node"
                : candidate.trim();
    }
}
