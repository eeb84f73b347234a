package io.quarry.fleet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the running node's API is and how to authenticate to it; shared by every {@code quarry fleet} verb. */
public final class ApiOptions {

    @Option(names = "--api", defaultValue = "${env:QUARRY_API:-http://127.0.0.1:8080}",
            description = "The node's HTTP address (default: ${DEFAULT-VALUE}; env QUARRY_API).")
    String api;

    @Option(names = "--token-file", description = "The node's API token file (default: <data dir>/identity/api-token, "
            + "the data dir from QUARRY_NODE_DATA_DIR, else $XDG_DATA_HOME/quarry or ~/.local/share/quarry).")
    Path tokenFile;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    /** The token file to read: the option, else the default data directory's. */
    Path tokenFile() {
        if (tokenFile != null) {
            return tokenFile;
        }
        String dataDir = System.getenv("QUARRY_NODE_DATA_DIR");
        Path base;
        if (dataDir != null && !dataDir.isBlank()) {
            base = Path.of(dataDir);
        } else {
            String xdg = System.getenv("XDG_DATA_HOME");
            base = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share"))
                    .resolve("quarry");
        }
        return base.resolve("identity").resolve("api-token");
    }

    /** The token, or empty when the file is absent (the node may not require one on loopback). */
    String token() {
        Path file = tokenFile();
        try {
            return Files.isReadable(file) ? Files.readString(file).trim() : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
