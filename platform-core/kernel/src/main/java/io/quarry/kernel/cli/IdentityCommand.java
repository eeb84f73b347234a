package io.quarry.kernel.cli;

import io.quarry.api.cli.Progress;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.identity.IdentityArchive;
import io.quarry.kernel.identity.IdentityStore;
import io.quarry.kernel.identity.NodeIdentity;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quarry identity show|backup|restore}. */
@Command(name = "identity", description = "Shows, backs up and restores the node identity.",
        footer = {"", "Example:", "  quarry identity backup -o /secure/quarry-identity.tar.gz"},
        subcommands = {IdentityCommand.Show.class, IdentityCommand.Backup.class, IdentityCommand.Restore.class})
final class IdentityCommand {

    @Command(name = "show", description = "Prints the node id (hex Ed25519 public key).",
            footer = {"", "Example:", "  quarry identity show --data-dir /var/lib/quarry --json"})
    static final class Show implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--json", description = "Print {\"nodeId\": ...} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Config config = options.load();
            NodeIdentity identity = new IdentityStore(options.dataDir(config)).load();
            if (json) {
                JsonOutput.print(Map.of("nodeId", identity.nodeId()));
            } else {
                System.out.println(identity.nodeId());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "backup", description = "Writes the node key and API token to a tar.gz (mode 0600).",
            footer = {"", "Example:", "  quarry identity backup --data-dir /var/lib/quarry -o /root/quarry-id.tar.gz"})
    static final class Backup implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "Archive to write. Default: quarry-identity-<id prefix>-<date>.tar.gz here.")
        Path output;

        @Override
        public Integer call() {
            Config config = options.load();
            Path dataDir = options.dataDir(config);
            NodeIdentity identity = new IdentityStore(dataDir).load();
            Path target = output != null ? output : Path.of("quarry-identity-" + identity.nodeId().substring(0, 12)
                    + "-" + LocalDate.now() + ".tar.gz");
            Progress progress = Progress.of(System.out, "identity backup", 0, Progress.Unit.BYTES);
            IdentityArchive.backup(dataDir, target, progress::advance);
            progress.finish();
            System.out.println("wrote " + target.toAbsolutePath() + " (node id " + identity.nodeId() + "); keep it secret");
            return ExitCodes.OK;
        }
    }

    @Command(name = "restore", description = "Restores a node identity from a backup archive.",
            footer = {"", "Example:", "  quarry identity restore quarry-id.tar.gz --data-dir /var/lib/quarry"})
    static final class Restore implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", paramLabel = "FILE", description = "The archive written by 'quarry identity backup'.")
        Path archive;

        @Option(names = "--force", description = "Replace an existing identity.")
        boolean force;

        @Override
        public Integer call() {
            Config config = options.load();
            String nodeId = IdentityArchive.restore(archive, options.dataDir(config), force);
            System.out.println("restored node id " + nodeId);
            return ExitCodes.OK;
        }
    }
}
