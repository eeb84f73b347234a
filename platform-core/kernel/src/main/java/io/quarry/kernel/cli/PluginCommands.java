package io.quarry.kernel.cli;

import io.quarry.kernel.config.Config;
import io.quarry.kernel.plugin.PluginHandle;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * Adds each installed plugin's own verbs ({@code quarry randomx bench}) to the command line. Plugins are
 * found the way a node would find them (same config, same plugin directories) but never initialised; their
 * class loaders stay open for the life of the process because the command runs from them.
 */
final class PluginCommands {

    private static final Set<String> KERNEL_VERBS = Set.of("run", "init", "config", "plugins", "identity", "version", "doctor", "completion");

    private PluginCommands() {
    }

    /**
     * Registers plugin verbs on {@code cli} when {@code args} may name one (not for kernel verbs, which should
     * not pay for plugin discovery). Problems are reported on {@code err} and leave the kernel verbs working.
     */
    static void register(CommandLine cli, String[] args, PrintWriter err) {
        if (args.length == 0 || KERNEL_VERBS.contains(args[0]) || args[0].startsWith("-") && !isHelp(args[0])) {
            return;
        }
        try {
            ConfigOptions options = leniently(args);
            Config config = options.load();
            InstalledPlugins installed = new InstalledPlugins(config, options.dataDir(config));
            for (PluginHandle handle : installed.all()) {
                handle.plugin().flatMap(p -> p.command()).ifPresent(command -> add(cli, handle, command, err));
            }
        } catch (RuntimeException e) {
            if (!isHelp(args[0])) {
                err.println("quarry: cannot look for plugin verbs ('" + args[0] + "'): " + e.getMessage());
            }
        }
    }

    private static void add(CommandLine cli, PluginHandle handle, Object command, PrintWriter err) {
        CommandLine sub = new CommandLine(command);
        String name = sub.getCommandName();
        if (cli.getSubcommands().containsKey(name)) {
            err.println("quarry: plugin " + handle.id() + " offers verb '" + name + "', which is already taken; ignored");
            return;
        }
        cli.addSubcommand(name, sub);
    }

    /**
     * The arguments to run: for a plugin verb whose commands do not declare the config options themselves,
     * {@code --config}, {@code --data-dir} and {@code --set} (already used to find the plugin) are taken out,
     * so an operator can put them anywhere, as with kernel verbs.
     */
    static String[] argsFor(CommandLine cli, String[] args) {
        if (args.length == 0 || KERNEL_VERBS.contains(args[0]) || !cli.getSubcommands().containsKey(args[0])
                || declaresConfigOptions(invoked(cli.getSubcommands().get(args[0]), args))) {
            return args;
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            boolean configOption = switch (args[i]) {
                case "-c", "--config", "--data-dir", "--set" -> i + 1 < args.length;
                default -> false;
            };
            if (configOption) {
                i++;
            } else {
                kept.add(args[i]);
            }
        }
        return kept.toArray(String[]::new);
    }

    /** The command {@code args} name: the plugin verb, or the deepest of its subcommands that the words name. */
    private static CommandLine invoked(CommandLine verb, String[] args) {
        CommandLine command = verb;
        for (int i = 1; i < args.length; i++) {
            CommandLine sub = command.getSubcommands().get(args[i]);
            if (sub != null) {
                command = sub;
            }
        }
        return command;
    }

    private static boolean declaresConfigOptions(CommandLine command) {
        return command.getCommandSpec().findOption("--config") != null
                || command.getCommandSpec().findOption("--data-dir") != null;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("--help") || arg.equals("-h");
    }

    /** The --config, --data-dir and --set options wherever they appear, so plugin discovery sees the same config. */
    private static ConfigOptions leniently(String[] args) {
        ConfigOptions options = new ConfigOptions();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            switch (args[i]) {
                case "-c", "--config" -> options.config = java.nio.file.Path.of(args[i + 1]);
                case "--data-dir" -> options.dataDir = args[i + 1];
                case "--set" -> sets.add(args[i + 1]);
                default -> {
                    // not a config option
                }
            }
        }
        options.sets = sets;
        return options;
    }
}
