package io.quarry.kernel.cli;

import io.quarry.kernel.DataDirectory;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.identity.IdentityStore;
import io.quarry.kernel.identity.NodeIdentity;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quarry init}: creates the data directory, the node key and the API token. */
@Command(name = "init", description = "Creates the node's Ed25519 key and API token (mode 0600) in the data directory.",
        footer = {"", "Example:", "  quarry init --data-dir /var/lib/quarry"})
final class InitCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--json", description = "Print the node id and files as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Config config = options.load();
        Path dataDir = options.dataDir(config);
        DataDirectory.create(dataDir);
        IdentityStore store = new IdentityStore(dataDir);
        boolean existed = store.exists();
        NodeIdentity identity = existed ? store.load() : store.create();
        store.apiToken();
        if (json) {
            JsonOutput.print(Map.of("dataDir", dataDir.toString(), "created", !existed,
                    "nodeId", identity.nodeId(), "keyFile", store.keyFile().toString(),
                    "apiTokenFile", store.apiTokenFile().toString()));
            return ExitCodes.OK;
        }
        System.out.println((existed ? "already initialised" : "initialised") + " " + dataDir);
        System.out.println("node id:   " + identity.nodeId());
        System.out.println("node key:  " + store.keyFile() + " (0600)");
        System.out.println("API token: " + store.apiTokenFile() + " (0600; send as 'Authorization: Bearer <token>')");
        return ExitCodes.OK;
    }
}
