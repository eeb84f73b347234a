package io.quarry.randomx.cli;

import io.quarry.natives.NativeLibraryMissingException;
import io.quarry.randomx.hashing.EngineSettings;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.RandomXEngine;
import io.quarry.randomx.hashing.RandomXException;
import io.quarry.randomx.hashing.RandomXMode;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry randomx hash --key-hex K --input-hex I [--fast]}: prints the 32-byte hash in hex. */
@Command(name = "hash", mixinStandardHelpOptions = true,
        description = "Prints the RandomX hash of an input under a key (Monero's seed hash), in hex.")
public final class HashCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--key-hex", required = true, description = "The RandomX key, in hex.")
    private String keyHex;

    @Option(names = "--input-hex", required = true, description = "The input (e.g. a hashing blob), in hex.")
    private String inputHex;

    @Option(names = "--fast", description = "Hash in fast mode: builds the 2 GiB dataset first (same hash, slower start).")
    private boolean fast;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the dataset in fast mode; 0 = one per core.")
    private int threads;

    @Option(names = "--huge-pages", defaultValue = "use", description = "auto, use or off (default: ${DEFAULT-VALUE}).")
    private String hugePages;

    @Override
    public Integer call() {
        byte[] key = HexOption.parse(spec, "--key-hex", keyHex);
        byte[] input = HexOption.parse(spec, "--input-hex", inputHex);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RandomXEngine engine = RandomXEngine.open(EngineSettings.defaults()
                .withMode(fast ? RandomXMode.FAST : RandomXMode.LIGHT)
                .withThreads(threads)
                .withVerifierVms(1)
                .withHugePages(HugePagesPolicy.parse(hugePages))
                .withProgress(new ProgressPrinter(err)))) {
            engine.setSeed(key);
            out.println(HexFormat.of().formatHex(engine.hash(input)));
            out.flush();
            return 0;
        } catch (NativeLibraryMissingException | RandomXException | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
    }
}
