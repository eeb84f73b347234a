package io.quarry.storage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code quarry storage keypair|backup|restore}: the storage node's keypair is the node identity (its Ed25519
 * key signs registrations and heartbeats, and its public key is the node id miners and validators know each
 * other by), so these verbs run the kernel's own {@code init}, {@code identity backup} and
 * {@code identity restore} in this process, with the same options.
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
        subcommands = {KeypairCommand.class, BackupCommand.class, RestoreCommand.class},
        description = "The storage node's keypair (the node identity): keypair, backup, restore.")
public final class StorageCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: prints usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
