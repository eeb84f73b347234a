package io.quarry.subnet.cli;

import io.quarry.subnet.metagraph.Metagraph;
import io.quarry.subnet.metagraph.MetagraphException;
import io.quarry.subnet.metagraph.MetagraphJson;
import io.quarry.subnet.metagraph.Neuron;
import io.quarry.subnet.wallet.WalletException;
import io.quarry.subnet.wallet.WalletFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry subnet status}: the hotkey's uid, stake, incentive and emission in the metagraph. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the hotkey's uid, stake, validator permit, incentive and emission from a metagraph"
                + " snapshot; exits 1 when the hotkey is not registered.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private WalletOptions wallet;

    @Option(names = "--metagraph", paramLabel = "FILE", required = true,
            description = "The metagraph JSON snapshot (the miner's metagraph_file).")
    private Path metagraphFile;

    @Option(names = "--ss58", paramLabel = "ADDRESS", description = "Look up this hotkey instead of the wallet's.")
    private String ss58;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String hotkey;
        Metagraph metagraph;
        try {
            hotkey = ss58 != null ? ss58 : WalletFiles.load(wallet.file()).ss58();
            if (Files.size(metagraphFile) > MetagraphJson.MAX_BYTES) {
                throw new MetagraphException(metagraphFile + " is larger than " + MetagraphJson.MAX_BYTES + " bytes");
            }
            metagraph = MetagraphJson.parse(Files.readAllBytes(metagraphFile));
        } catch (WalletException | MetagraphException e) {
            err.println("quarry subnet status: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("quarry subnet status: cannot read " + metagraphFile + ": " + e.getMessage());
            return 1;
        }
        out.println("hotkey:    " + hotkey);
        out.println("netuid:    " + metagraph.netuid() + " (block " + metagraph.block() + ")");
        Optional<Neuron> neuron = metagraph.byHotkey(hotkey);
        if (neuron.isEmpty()) {
            out.println("not registered in this metagraph");
            return 1;
        }
        Neuron n = neuron.get();
        out.println("uid:       " + n.uid());
        out.println("stake:     " + n.stake());
        out.println("validator: " + (n.validatorPermit() ? "permit" : "no permit"));
        out.println("incentive: " + show(n.incentive()));
        out.println("emission:  " + show(n.emission()));
        return 0;
    }

    private static String show(OptionalDouble value) {
        return value.isPresent() ? Double.toString(value.getAsDouble()) : "not in snapshot";
    }
}
